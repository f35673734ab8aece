package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageDescriptionTest {

    @Test
    void buildsFromADescriptionFile() {
        PackageDescription d = PackageDescription.parse("""
                Package: dplyr
                Version: 1.0.10
                Depends: R (>= 3.4.0)
                Imports: generics, glue (>= 1.3.2), lifecycle (>= 1.0.1),
                        magrittr (>= 1.5), methods
                Suggests: testthat (>= 3.1.1)
                LinkingTo: cpp11
                NeedsCompilation: yes
                """);
        assertEquals("dplyr", d.name());
        assertEquals(RVersion.parse("1.0.10"), d.version());
        assertEquals(List.of("generics", "glue", "lifecycle", "magrittr", "methods"),
                d.imports().stream().map(DependencySpec::name).toList());
        assertEquals(List.of("R", "generics", "glue", "lifecycle", "magrittr", "methods", "cpp11"),
                d.hardDependencies().stream().map(DependencySpec::name).toList());
        assertEquals("testthat (>= 3.1.1)", d.suggests().get(0).toString());
        assertEquals("yes", d.field("NeedsCompilation").orElseThrow());
        assertEquals("Package", d.fields().keySet().iterator().next());
    }

    @Test
    void errorsNameThePackage() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PackageDescription.fromDcf(Map.of("Version", "1.0"))).getMessage().contains("no Package field"));
        assertEquals("package 'x': no Version field", assertThrows(IllegalArgumentException.class,
                () -> PackageDescription.fromDcf(Map.of("Package", "x"))).getMessage());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> PackageDescription.fromDcf(Map.of("Package", "x", "Version", "1.0", "Imports", "y (>> 2)"))).getMessage();
        assertTrue(msg.startsWith("package 'x': malformed dependency 'y (>> 2)'"), msg);
    }
}
