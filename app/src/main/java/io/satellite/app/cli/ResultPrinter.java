package io.satellite.app.cli;

import io.satellite.engine.sql.StatementListener;
import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Prints results of {@code satellite sql}: result sets as aligned tables (widths taken from
 * the first {@value #SAMPLE} rows, later rows streamed) or CSV, messages to the message stream.
 */
public final class ResultPrinter implements StatementListener {
    static final int SAMPLE = 500;
    private static final int MAX_WIDTH = 60;
    private final PrintStream out;
    private final PrintStream messages;
    private final boolean csv;

    public ResultPrinter(PrintStream out, PrintStream messages, boolean csv) {
        this.out = out;
        this.messages = messages;
        this.csv = csv;
    }

    @Override
    public void warning(SQLWarning warning) {
        messages.println(warning.getMessage());
    }

    @Override
    public void updateCount(long count) {
        messages.println(count + (count == 1 ? " row affected" : " rows affected"));
    }

    @Override
    public void resultSet(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> header = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            header.add(md.getColumnLabel(i));
        }
        if (csv) {
            out.println(Csv.line(header));
            while (rs.next()) {
                out.println(Csv.line(row(rs, n, "")));
            }
            return;
        }
        List<List<String>> sample = new ArrayList<>();
        boolean more = false;
        while (rs.next()) {
            if (sample.size() == SAMPLE) {
                more = true;
                break;
            }
            sample.add(row(rs, n, "NULL"));
        }
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = Math.min(MAX_WIDTH, header.get(i).length());
            for (List<String> r : sample) {
                width[i] = Math.max(width[i], Math.min(MAX_WIDTH, r.get(i).length()));
            }
        }
        out.println(format(header, width));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.println(rule);
        long rows = sample.size();
        sample.forEach(r -> out.println(format(r, width)));
        if (more) {
            do {
                out.println(format(row(rs, n, "NULL"), width));
                rows++;
            } while (rs.next());
        }
        messages.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
    }

    private static List<String> row(ResultSet rs, int n, String nullText) throws SQLException {
        List<String> r = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Blob b) {
                v = b.getBytes(1, (int) Math.min(b.length(), 4096));
            }
            r.add(v == null ? nullText : v instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes)
                    : v.toString());
        }
        return r;
    }

    private static String format(List<String> cells, int[] width) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).replace('\n', ' ');
            if (c.length() > width[i]) {
                c = c.substring(0, Math.max(0, width[i] - 1)) + "…";
            }
            s.append(i == 0 ? "" : " | ").append(c).append(" ".repeat(width[i] - c.length()));
        }
        return s.toString().stripTrailing();
    }

    /** RFC 4180 quoting. */
    static final class Csv {
        private Csv() {
        }

        static String line(List<String> cells) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String c = cells.get(i);
                if (i > 0) {
                    s.append(',');
                }
                if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                    s.append('"').append(c.replace("\"", "\"\"")).append('"');
                } else {
                    s.append(c);
                }
            }
            return s.toString();
        }
    }
}
