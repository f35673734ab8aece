package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DcfParserTest {

    private static final String DESCRIPTION = """
            Package: foo
            Type: Package
            Title: Tools   for
              Foo
            Version: 1.0-1
            Depends: R (>= 3.5.0), methods,
                Rcpp (>= 1.0.1),
            \tstats
            Description: A long
                description  here.
                .
                Next paragraph.
            Imports:
                bar
            License: GPL-2
            """;

    @Test
    void parsesFieldsInOrderAndFoldsContinuationLines() {
        List<Map<String, String>> records = DcfParser.parse(DESCRIPTION);
        assertEquals(1, records.size());
        Map<String, String> r = records.get(0);
        assertEquals(List.of("Package", "Type", "Title", "Version", "Depends", "Description", "Imports", "License"),
                List.copyOf(r.keySet()));
        assertEquals("R (>= 3.5.0), methods, Rcpp (>= 1.0.1), stats", r.get("Depends"));
        assertEquals("Tools   for Foo", r.get("Title"), "only the line break is folded, as R keeps inner spaces");
        assertEquals("bar", r.get("Imports"), "value only on the continuation line");
        assertEquals("GPL-2", r.get("License"));
    }

    @Test
    void keepsWhiteSpaceInDescriptionAsR() {
        Map<String, String> r = DcfParser.parse(DESCRIPTION).get(0);
        // What R's read.dcf(keep.white = .keep_white_description_fields) returns.
        assertEquals("A long\n    description  here.\n\n    Next paragraph.", r.get("Description"));
    }

    @Test
    void splitsRecordsOnBlankAndWhitespaceOnlyLines() {
        String packages = "Package: a\nVersion: 1.0\n\n\nPackage: b\r\nVersion: 2.0\r\n   \nPackage: c\nVersion: 3.0";
        List<Map<String, String>> records = DcfParser.parse(packages);
        assertEquals(List.of("a", "b", "c"), records.stream().map(m -> m.get("Package")).toList());
        assertEquals("2.0", records.get(1).get("Version"));
    }

    @Test
    void emptyValuesNoSpaceAfterColonAndRepeatedFields() {
        Map<String, String> r = DcfParser.parse("Package:a\nX-y.z:   \nPackage: b\n").get(0);
        assertEquals("", r.get("X-y.z"));
        assertEquals("b", r.get("Package"), "as in R, a repeated field keeps the last value");
    }

    @Test
    void emptyTextHasNoRecords() {
        assertTrue(DcfParser.parse("").isEmpty());
        assertTrue(DcfParser.parse("\n \n").isEmpty());
    }

    @Test
    void malformedLineIsRejectedWithItsLineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DcfParser.parse("Package: a\nVersion: 1.0\nthis is not a field\n"));
        assertTrue(e.getMessage().startsWith("DCF line 3: malformed line"), e.getMessage());
        assertTrue(e.getMessage().contains("'this is not a field'"), e.getMessage());
    }

    @Test
    void continuationAtStartOfRecordIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DcfParser.parse("Package: a\n\n  stray\n"));
        assertTrue(e.getMessage().startsWith("DCF line 3: continuation line at the start of a record"), e.getMessage());
    }
}
