package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencySpecTest {

    @Test
    void parsesAFieldWithLineBreaksAndConstraints() {
        List<DependencySpec> specs = DependencySpec.parseField("R (>= 3.5.0), methods, Rcpp (>= 1.0.1),\n    stats");
        assertEquals(List.of("R (>= 3.5.0)", "methods", "Rcpp (>= 1.0.1)", "stats"),
                specs.stream().map(DependencySpec::toString).toList());
        DependencySpec rcpp = specs.get(2);
        assertEquals("Rcpp", rcpp.name());
        assertEquals(VersionOperator.GREATER_OR_EQUAL, rcpp.operator());
        assertEquals(RVersion.parse("1.0.1"), rcpp.version());
        assertTrue(specs.get(0).isR());
        assertNull(specs.get(1).operator());
        assertNull(specs.get(1).version());
    }

    @Test
    void toleratesLooseSpacingEmptyEntriesAndDuplicates() {
        List<DependencySpec> specs = DependencySpec.parseField(" data.table(>=1.14.2) , , x (\n == 1.0 ),x (== 1.0),");
        assertEquals(List.of("data.table (>= 1.14.2)", "x (== 1.0)"), specs.stream().map(DependencySpec::toString).toList());
        assertTrue(DependencySpec.parseField(null).isEmpty());
        assertTrue(DependencySpec.parseField("  ").isEmpty());
    }

    @Test
    void everyOperator() {
        RVersion v = RVersion.parse("1.2");
        assertTrue(DependencySpec.parse("a (>= 1.2)").satisfiedBy(v));
        assertFalse(DependencySpec.parse("a (> 1.2)").satisfiedBy(v));
        assertTrue(DependencySpec.parse("a (<= 1.2-0)").satisfiedBy(v));
        assertFalse(DependencySpec.parse("a (< 1.2)").satisfiedBy(v));
        assertTrue(DependencySpec.parse("a (== 1.2.0)").satisfiedBy(v));
        assertTrue(DependencySpec.parse("a (!= 1.3)").satisfiedBy(v));
        assertTrue(DependencySpec.parse("a").satisfiedBy(v));
    }

    @Test
    void malformedEntriesAreNamed() {
        for (String bad : List.of("Rcpp (>= )", "Rcpp (=> 1.0)", "Rcpp (>= 1.0", "Rcpp 1.0", "(>= 1.0)", "Rcpp (~ 1.0)")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DependencySpec.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("malformed dependency '" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DependencySpec.parseField("a, Rcpp (>= 1.x)"));
        assertTrue(e.getMessage().contains("'Rcpp (>= 1.x)'") && e.getMessage().contains("invalid R package version '1.x'"),
                e.getMessage());
    }
}
