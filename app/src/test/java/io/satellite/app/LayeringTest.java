package io.satellite.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nothing below the app module uses JavaFX: the engine, monitor and package manager stay GUI-free. */
class LayeringTest {
    private static final Pattern JAVAFX_IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?javafx\\.",
            Pattern.MULTILINE);
    private static final List<String> BELOW_APP = List.of("core-engine", "monitor", "packagemgr");

    @Test
    void noJavaFxImportBelowApp() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> offenders = new ArrayList<>();
        for (String module : BELOW_APP) {
            Path sources = root.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(sources), "missing " + sources);
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(p -> p.toString().endsWith(".java"))
                        .filter(LayeringTest::importsJavaFx)
                        .forEach(p -> offenders.add(root.relativize(p).toString()));
            }
        }
        assertEquals(List.of(), offenders, "JavaFX is for the app module only");
    }

    private static boolean importsJavaFx(Path file) {
        try {
            return JAVAFX_IMPORT.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
