package io.satellite.app.console.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFormatTest {
    @Test
    void quotesOnlyWhatNeedsItAndKeepsNullApartFromEmpty() {
        String csv = CsvFormat.of(List.of("id", "note"), List.of(Arrays.asList("1", "plain"),
                Arrays.asList("2", "a,b"), Arrays.asList("3", "say \"hi\""), Arrays.asList("4", "two\nlines"),
                Arrays.asList("5", null), Arrays.asList("6", "")));
        assertEquals("id,note\r\n1,plain\r\n2,\"a,b\"\r\n3,\"say \"\"hi\"\"\"\r\n4,\"two\nlines\"\r\n5,\r\n6,\"\"\r\n", csv);
    }

    @Test
    void tabbedCopyFlattensValuesAndWritesNull() {
        assertEquals("a\tb\n1\tNULL\nx y\tz\n", CsvFormat.tabbed(List.of("a", "b"),
                List.of(Arrays.asList("1", null), Arrays.asList("x\ty", "z"))));
        assertEquals("1\n", CsvFormat.tabbed(null, List.of(List.of("1"))));
    }

    @Test
    void numbersSortAsNumbersAndNullFirst() {
        assertEquals(-1, Integer.signum(ResultGrid.compare("9", "10", true)));
        assertEquals(1, Integer.signum(ResultGrid.compare("9", "10", false)));
        assertEquals(-1, Integer.signum(ResultGrid.compare(null, "0", true)));
        assertEquals(0, ResultGrid.compare(null, null, true));
        assertEquals(1, Integer.signum(ResultGrid.compare("NaN", "5", true)));
    }
}
