package io.satellite.engine.script;

import io.satellite.engine.exchange.WireType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Converts a value that came from a runtime into the SQL type the caller sees, with
 * errors that name the column. SQL Server's implicit conversions are the guide: numbers
 * convert among themselves (fractions truncate to integers), anything converts to text.
 */
final class ValueConversion {
    /** As Derby casts timestamps to text: seconds always, fractions only when present. */
    private static final java.time.format.DateTimeFormatter TIMESTAMP_TEXT =
            new java.time.format.DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
                    .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .toFormatter();

    private ValueConversion() {
    }

    /** Whether values of the wire type can be converted to the SQL type at all. */
    static boolean compatible(WireType from, SqlType to) {
        if (to.wire() == WireType.BINARY || from == WireType.BINARY) {
            return to.wire() == from;
        }
        return switch (to.wire()) {
            case STRING -> true;
            case DATE, TIMESTAMP -> from == WireType.DATE || from == WireType.TIMESTAMP || from == WireType.STRING;
            default -> from != WireType.DATE && from != WireType.TIMESTAMP;
        };
    }

    static long toLong(Object v, String column) throws SQLException {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        double d = toDouble(v, column);
        if (d >= 0x1p63 || d < -0x1p63) {
            throw mismatch(column, "value " + d + " is out of range for an integer column");
        }
        return (long) d;
    }

    static long toLong(Object v, String column, long min, long max) throws SQLException {
        long x = toLong(v, column);
        if (x < min || x > max) {
            throw mismatch(column, "value " + x + " is out of range (" + min + " to " + max + ")");
        }
        return x;
    }

    static double toDouble(Object v, String column) throws SQLException {
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else if (v instanceof Boolean b) {
            d = b ? 1 : 0;
        } else if (v instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(column, "'" + s + "' is not a number");
            }
        } else {
            throw mismatch(column, "a " + v.getClass().getSimpleName() + " value is not a number");
        }
        if (Double.isInfinite(d)) {
            throw mismatch(column, "the runtime returned " + (d > 0 ? "Inf" : "-Inf") + ", which SQL cannot hold");
        }
        return d;
    }

    static BigDecimal toDecimal(Object v, String column, int scale) throws SQLException {
        BigDecimal b = v instanceof Integer i ? BigDecimal.valueOf(i) : BigDecimal.valueOf(toDouble(v, column));
        return b.setScale(scale, RoundingMode.HALF_UP);
    }

    static boolean toBoolean(Object v, String column) throws SQLException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            if (s.equalsIgnoreCase("true") || s.equals("1")) {
                return true;
            }
            if (s.equalsIgnoreCase("false") || s.equals("0")) {
                return false;
            }
            throw mismatch(column, "'" + s + "' is not a boolean");
        }
        return toDouble(v, column) != 0;
    }

    static String toText(Object v, SqlType type, String column) throws SQLException {
        String s;
        if (v instanceof String str) {
            s = str;
        } else if (v instanceof Double d) {
            s = d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : BigDecimal.valueOf(toDouble(d, column)).toPlainString();
        } else if (v instanceof Boolean b) {
            s = b ? "TRUE" : "FALSE";
        } else if (v instanceof LocalDateTime t) {
            s = t.format(TIMESTAMP_TEXT);
        } else {
            s = v.toString();
        }
        int max = maxLength(type);
        if (s.length() > max) {
            throw mismatch(column, "a value of " + s.length() + " characters does not fit "
                    + type.declaration());
        }
        return s;
    }

    static LocalDate toDate(Object v, String column) throws SQLException {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        try {
            return LocalDate.parse(v.toString().trim());
        } catch (DateTimeParseException e) {
            throw mismatch(column, "'" + v + "' is not a date (yyyy-mm-dd)");
        }
    }

    static LocalDateTime toTimestamp(Object v, String column) throws SQLException {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        try {
            return LocalDateTime.parse(v.toString().trim().replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw mismatch(column, "'" + v + "' is not a timestamp (yyyy-mm-dd hh:mm:ss)");
        }
    }

    static byte[] toBytes(Object v, SqlType type, String column) throws SQLException {
        byte[] b = (byte[]) v;
        if (type.jdbcType() != Types.BLOB && b.length > maxLength(type)) {
            throw mismatch(column, "a value of " + b.length + " bytes does not fit " + type.declaration()
                    + " (starts 0x" + HexFormat.of().formatHex(b, 0, Math.min(8, b.length)) + ")");
        }
        return b;
    }

    private static int maxLength(SqlType type) {
        String d = type.declaration();
        int open = d.indexOf('(');
        if (open < 0 || type.jdbcType() == Types.BLOB) {
            return Integer.MAX_VALUE;
        }
        return Integer.parseInt(d.substring(open + 1, d.indexOf(')')));
    }

    static SQLException mismatch(String column, String detail) {
        return ScriptErrors.error(ScriptErrors.OUTPUT_MISMATCH, "Output column '" + column + "': " + detail);
    }
}
