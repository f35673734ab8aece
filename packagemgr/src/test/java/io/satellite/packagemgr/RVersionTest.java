package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Expected results checked against R 4.2.2's package_version. */
class RVersionTest {

    private static RVersion v(String text) {
        return RVersion.parse(text);
    }

    @Test
    void comparesNumericallyNotAlphabetically() {
        assertTrue(v("1.10").isNewerThan(v("1.9")));
        assertTrue(v("0.10.1").isNewerThan(v("0.9.99")));
        assertTrue(v("4.2.2").isOlderThan(v("4.10.0")));
    }

    @Test
    void separatorDoesNotMatter() {
        assertEquals(0, v("1.0-1").compareTo(v("1.0.1")));
        assertEquals(v("1.0-1"), v("1.0.1"));
        assertEquals(v("1.0-1").hashCode(), v("1.0.1").hashCode());
        assertEquals(v("1.2-3-4"), v("1.2.3.4"));
        assertEquals("1.0-1", v("1.0-1").toString(), "keeps the original spelling");
    }

    @Test
    void trailingZerosAndLeadingZerosAreEqualAsInR() {
        assertEquals(v("1.0"), v("1.0.0"));
        assertEquals(v("1.0").hashCode(), v("1.0.0.0").hashCode());
        assertTrue(v("1.0.0").isOlderThan(v("1.0.0.1")));
        assertEquals(v("01.002"), v("1.2"));
    }

    @Test
    void sortsLikePackageVersion() {
        List<String> sorted = Stream.of("1.10", "1.9", "1.0-1", "0.99", "1.2.3", "10.0")
                .map(RVersion::parse).sorted().map(RVersion::toString).toList();
        assertEquals(List.of("0.99", "1.0-1", "1.2.3", "1.9", "1.10", "10.0"), sorted);
        assertEquals(List.of(1, 0, 1), v("1.0-1").components());
    }

    @Test
    void rejectsGarbageWithAClearMessage() {
        for (String bad : List.of("1", "1.2.", "a.b", "1.2a", "1..2", "1.-2", "-1.2", "", "1.2 beta")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RVersion.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid R package version '" + bad + "'"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v("1.99999999999"));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertNotEquals(v("1.0"), "1.0");
    }
}
