package io.satellite.app.console.query;

import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.SQLException;
import java.util.HexFormat;

/** How a value is shown in a result grid: numbers without float noise, binary as hex, long text cut. */
final class CellText {
    static final int MAX_CHARS = 4000;
    private static final int MAX_BYTES = 1000;

    private CellText() {
    }

    /** The text of a value; null for SQL NULL. */
    static String of(Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        if (value instanceof Double d) {
            return decimal(d, Double.toString(d));
        }
        if (value instanceof Float f) {
            return decimal(f.doubleValue(), Float.toString(f));
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Blob b) {
            return hex(b.getBytes(1, (int) Math.min(b.length(), MAX_BYTES + 1)));
        }
        if (value instanceof Clob c) {
            return cut(c.getSubString(1, (int) Math.min(c.length(), MAX_CHARS + 1)));
        }
        if (value instanceof byte[] bytes) {
            return hex(bytes);
        }
        return cut(value.toString());
    }

    /** 4 rather than 4.0, 12345678.5 rather than 1.23456785E7; very large or small stay scientific. */
    private static String decimal(double d, String shortest) {
        double a = Math.abs(d);
        if (Double.isFinite(d) && (a == 0 || (a >= 1e-4 && a < 1e15))) {
            return new BigDecimal(shortest).stripTrailingZeros().toPlainString();
        }
        return shortest;
    }

    private static String hex(byte[] bytes) {
        int n = Math.min(bytes.length, MAX_BYTES);
        return "0x" + HexFormat.of().withUpperCase().formatHex(bytes, 0, n) + (bytes.length > n ? "…" : "");
    }

    private static String cut(String s) {
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "…" : s;
    }
}
