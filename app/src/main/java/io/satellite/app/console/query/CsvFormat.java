package io.satellite.app.console.query;

import java.util.List;

/**
 * RFC 4180 CSV of a result: a header row, CRLF line ends, fields quoted when they hold a comma,
 * a quote or a line break. SQL NULL is an empty field, an empty string a quoted empty field.
 */
public final class CsvFormat {
    private CsvFormat() {
    }

    public static String of(List<String> columns, List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        line(b, columns);
        rows.forEach(r -> line(b, r));
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields.get(i)));
        }
        b.append("\r\n");
    }

    static String field(String v) {
        if (v == null) {
            return "";
        }
        if (v.isEmpty() || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /** Tab-separated rows for the clipboard (tabs and line breaks in values become spaces). */
    public static String tabbed(List<String> columns, List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        if (columns != null) {
            b.append(String.join("\t", columns.stream().map(CsvFormat::flat).toList())).append('\n');
        }
        for (List<String> r : rows) {
            b.append(String.join("\t", r.stream().map(v -> v == null ? "NULL" : flat(v)).toList())).append('\n');
        }
        return b.toString();
    }

    private static String flat(String v) {
        return v.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
