package io.satellite.engine.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL type the procedure accepts goes to R and back: the values R sees, the R classes
 * they arrive as, the SQL types they come back as, declared WITH RESULT SETS conversions,
 * and input/OUTPUT parameters.
 */
class TypeRoundTripTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    static final String[] COLUMNS = {"ID", "I", "S", "B", "D", "F", "M", "V", "C", "L", "DT", "TS", "VB", "BL"};
    // kept well under 64 KiB in total: a larger input hangs the job (see LargeInputTest)
    static final byte[] BIG_BLOB = new byte[10_000];
    static final List<Object[]> ROWS = new ArrayList<>();

    static {
        new Random(42).nextBytes(BIG_BLOB);
        // ID, INT, SMALLINT, BIGINT, DOUBLE, REAL, DECIMAL(10,2), VARCHAR(60), CHAR(3), BOOLEAN, DATE, TIMESTAMP,
        // VARCHAR(16) FOR BIT DATA, BLOB
        ROWS.add(new Object[] {1, 42, (short) 7, 9007199254740991L, Math.PI, 1.5f, new BigDecimal("12345.67"),
            "Grüße", "abc", true, LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 13, 45, 59, 123_456_000),
            new byte[] {0, (byte) 0xFF, 0x10}, new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 0}});
        ROWS.add(new Object[] {2, -2147483647, (short) -32768, -9007199254740991L, -1.0E-300, -3.4028235E38f,
            new BigDecimal("-99999999.99"), "日本語", "x", false, LocalDate.of(1969, 7, 20),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000), new byte[0], new byte[0]});
        ROWS.add(new Object[] {3, 0, (short) 0, 0L, 0.0, 0.0f, new BigDecimal("0.00"), "", "", true,
            LocalDate.of(1970, 1, 1), LocalDateTime.of(1970, 1, 1, 0, 0), new byte[] {0}, new byte[] {0}});
        ROWS.add(new Object[] {4, 2147483647, (short) 32767, 1234567890123L, 1e300, 3.4028235E38f,
            new BigDecimal("0.01"), "emoji \uD83D\uDE00, tab\t, quote ', newline\nend", "ü\uD83D\uDE00", true,
            LocalDate.of(9999, 12, 31), LocalDateTime.of(2038, 1, 19, 3, 14, 8, 1_000),
            new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, BIG_BLOB});
        ROWS.add(new Object[] {5, null, null, null, null, null, null, null, null, null, null, null, null, null});
    }

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE TYPES (ID INT PRIMARY KEY, I INT, S SMALLINT, B BIGINT, D DOUBLE, F REAL,"
                    + " M DECIMAL(10,2), V VARCHAR(60), C CHAR(3), L BOOLEAN, DT DATE, TS TIMESTAMP,"
                    + " VB VARCHAR(16) FOR BIT DATA, BL BLOB)");
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO TYPES VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Object[] r : ROWS) {
                ps.setInt(1, (Integer) r[0]);
                set(ps, 2, r[1], Types.INTEGER);
                set(ps, 3, r[2], Types.SMALLINT);
                set(ps, 4, r[3], Types.BIGINT);
                set(ps, 5, r[4], Types.DOUBLE);
                set(ps, 6, r[5], Types.REAL);
                set(ps, 7, r[6], Types.DECIMAL);
                set(ps, 8, r[7], Types.VARCHAR);
                set(ps, 9, r[8], Types.CHAR);
                set(ps, 10, r[9], Types.BOOLEAN);
                set(ps, 11, r[10] == null ? null : Date.valueOf((LocalDate) r[10]), Types.DATE);
                set(ps, 12, r[11] == null ? null : Timestamp.valueOf((LocalDateTime) r[11]), Types.TIMESTAMP);
                set(ps, 13, r[12], Types.VARBINARY);
                set(ps, 14, r[13], Types.BLOB);
                ps.executeUpdate();
            }
        }
    }

    private static void set(PreparedStatement ps, int i, Object v, int type) throws Exception {
        if (v == null) {
            ps.setNull(i, type);
        } else if (v instanceof BigDecimal d) {
            ps.setBigDecimal(i, d);
        } else if (v instanceof byte[] b) {
            ps.setBytes(i, b);
        } else {
            ps.setObject(i, v, type);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** The value the documented mapping gives back for an input value of column {@code col}. */
    private static Object expectedBack(int col, Object v) {
        if (v == null) {
            return null;
        }
        return switch (COLUMNS[col]) {
            case "S" -> (int) (Short) v;
            case "B" -> (double) (Long) v;
            case "F" -> (double) (Float) v;
            case "M" -> ((BigDecimal) v).doubleValue();
            case "C" -> String.format("%-3s", v); // CHAR(3) arrives blank-padded
            case "DT" -> Date.valueOf((LocalDate) v);
            case "TS" -> Timestamp.valueOf((LocalDateTime) v);
            default -> v;
        };
    }

    @Test
    void everyTypeSurvivesIdentityScript() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, "OutputDataSet <- InputDataSet",
                "SELECT * FROM TYPES ORDER BY ID").rows();
        assertEquals(List.of(COLUMNS), t.names());
        assertEquals(List.of("INTEGER", "INTEGER", "INTEGER", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE",
                "VARCHAR(32672)", "VARCHAR(32672)", "BOOLEAN", "DATE", "TIMESTAMP", "BLOB", "BLOB"), t.types());
        assertEquals(ROWS.size(), t.rows().size());
        for (int r = 0; r < ROWS.size(); r++) {
            for (int c = 0; c < COLUMNS.length; c++) {
                Object expected = expectedBack(c, ROWS.get(r)[c]);
                Object actual = t.value(r, c);
                String where = "row " + (r + 1) + " column " + COLUMNS[c];
                if (expected instanceof byte[] b) {
                    assertInstanceOf(byte[].class, actual, where);
                    assertArrayEquals(b, (byte[]) actual, where);
                } else {
                    assertEquals(expected, actual, where);
                }
            }
        }
        // empty string and NULL stay distinct
        assertEquals("", t.value(2, 7));
        assertNull(t.value(4, 7));
    }

    @Test
    void rClassesAreTheDocumentedOnes() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, """
                OutputDataSet <- data.frame(col = names(InputDataSet),
                  cls = vapply(InputDataSet, function(x) paste(class(x), collapse = "/"), ""),
                  typ = vapply(InputDataSet, typeof, ""),
                  tz = vapply(InputDataSet, function(x) { z <- attr(x, "tzone"); if (is.null(z)) "" else z }, ""),
                  stringsAsFactors = FALSE)
                """, "SELECT * FROM TYPES ORDER BY ID").rows();
        Map<String, String> actual = new LinkedHashMap<>();
        for (List<Object> row : t.rows()) {
            actual.put((String) row.get(0), row.get(1) + " " + row.get(2) + " " + row.get(3));
        }
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ID", "integer integer ");
        expected.put("I", "integer integer ");
        expected.put("S", "integer integer ");
        expected.put("B", "numeric double ");
        expected.put("D", "numeric double ");
        expected.put("F", "numeric double ");
        expected.put("M", "numeric double ");
        expected.put("V", "character character ");
        expected.put("C", "character character ");
        expected.put("L", "logical logical ");
        expected.put("DT", "Date double ");
        expected.put("TS", "POSIXct/POSIXt double UTC");
        expected.put("VB", "AsIs list ");
        expected.put("BL", "AsIs list ");
        assertEquals(expected, actual);
    }

    @Test
    void rSeesTheExactValues() throws Exception {
        // each check is evaluated in R; the failing ones are named
        String script = """
                d <- InputDataSet
                ok <- c(
                  int        = identical(d$I, c(42L, -2147483647L, 0L, 2147483647L, NA)),
                  smallint   = identical(d$S, c(7L, -32768L, 0L, 32767L, NA)),
                  bigint     = identical(d$B, c(2^53 - 1, -(2^53 - 1), 0, 1234567890123, NA)),
                  double     = identical(d$D, c(pi, -1e-300, 0, 1e300, NA)),
                  real       = d$F[[1]] == 1.5 && d$F[[3]] == 0 && is.na(d$F[[5]]),
                  decimal    = isTRUE(all.equal(d$M, c(12345.67, -99999999.99, 0, 0.01, NA))),
                  utf8_chars = identical(nchar(d$V[1:2]), c(5L, 3L)),
                  umlaut     = identical(d$V[[1]], "Gr\\u00fc\\u00dfe"),
                  japanese   = identical(d$V[[2]], "\\u65e5\\u672c\\u8a9e"),
                  emoji      = grepl("\\U0001F600", d$V[[4]], fixed = TRUE),
                  newline    = grepl("newline\\nend", d$V[[4]], fixed = TRUE),
                  empty_not_na = identical(d$V[[3]], "") && is.na(d$V[[5]]),
                  char_padded = identical(d$C, c("abc", "x  ", "   ", "\\u00fc\\U0001F600", NA)),
                  logical    = identical(d$L, c(TRUE, FALSE, TRUE, TRUE, NA)),
                  date       = identical(format(d$DT), c("2024-02-29", "1969-07-20", "1970-01-01", "9999-12-31", NA)),
                  ts_frac    = identical(format(d$TS[[1]], "%Y-%m-%d %H:%M:%OS6", tz = "UTC"), "2024-02-29 13:45:59.123456"),
                  ts_pre1970 = abs(as.numeric(d$TS[[2]]) - (-0.000001)) < 1e-7,
                  ts_epoch   = as.numeric(d$TS[[3]]) == 0,
                  ts_na      = is.na(d$TS[[5]]),
                  raw_bits   = identical(d$VB[[1]], as.raw(c(0x00, 0xff, 0x10))),
                  raw_empty  = identical(d$VB[[2]], raw(0)),
                  raw_null   = is.null(d$VB[[5]]) && is.null(d$BL[[5]]),
                  blob_small = identical(d$BL[[1]], as.raw(c(0xde, 0xad, 0xbe, 0xef, 0x00))),
                  blob_big   = length(d$BL[[4]]) == 10000L,
                  id_order   = identical(d$ID, 1:5))
                OutputDataSet <- data.frame(check = names(ok), ok = unname(ok), stringsAsFactors = FALSE)
                """;
        ScriptCalls.Table t = ScriptCalls.r(conn, script, "SELECT * FROM TYPES ORDER BY ID").rows();
        List<String> failed = new ArrayList<>();
        for (List<Object> row : t.rows()) {
            if (!Boolean.TRUE.equals(row.get(1))) {
                failed.add((String) row.get(0));
            }
        }
        assertEquals(25, t.rows().size());
        assertEquals(List.of(), failed, "checks that failed in R");
    }

    @Test
    void nonAsciiTextMadeInRComesBackIntact() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn,
                "OutputDataSet <- data.frame(s = c('Gr\\u00fc\\u00dfe', '\\u65e5\\u672c\\u8a9e', '\\U0001F600', '', NA),"
                + " n = nchar(c('Gr\\u00fc\\u00dfe', '\\u65e5\\u672c\\u8a9e', '\\U0001F600', '', NA)),"
                + " stringsAsFactors = FALSE)").rows();
        assertEquals(java.util.Arrays.asList("Grüße", "日本語", "\uD83D\uDE00", "", null), t.column(0));
        assertEquals(java.util.Arrays.asList(5, 3, 1, 0, null), t.column(1)); // nchar(NA_character_) is NA
    }

    @Test
    void declaredResultSetsConvertValues() throws Exception {
        String script = """
                OutputDataSet <- data.frame(
                  dec   = c(12.3456, -7.891, 0.125, 1/3, NA),
                  big   = c(2147483647L, -2147483647L, 0L, 1L, NA),
                  big2  = c(2^53, -2^53, 0, 1e15, NA),
                  trunc = c(2.9, -2.9, 0, 7, NA),
                  t_int = c(5L, -1L, 0L, 1L, NA),
                  t_dbl = c(3, 2.5, -0.125, 1e20, NA),
                  t_lgl = c(TRUE, FALSE, TRUE, FALSE, NA),
                  t_date = as.Date(c("2024-02-29", "1969-07-20", "1970-01-01", "9999-12-31", NA)),
                  t_chr = c("Gr\\u00fc\\u00dfe", "", "x", "y", NA),
                  stringsAsFactors = FALSE)
                """;
        ScriptCalls.Table t = ScriptCalls.r(conn, script, null,
                null, "WITH RESULT SETS ((dec DECIMAL(10,2), big BIGINT, big2 BIGINT, trunc INT,"
                        + " t_int VARCHAR(20), t_dbl nvarchar(max), t_lgl VARCHAR(5), t_date VARCHAR(10),"
                        + " t_chr NVARCHAR(10)))").rows();
        assertEquals(List.of("DEC", "BIG", "BIG2", "TRUNC", "T_INT", "T_DBL", "T_LGL", "T_DATE", "T_CHR"),
                t.names().stream().map(String::toUpperCase).toList());
        assertEquals(List.of("DECIMAL(10,2)", "BIGINT", "BIGINT", "INTEGER", "VARCHAR(20)", "VARCHAR(32672)",
                "VARCHAR(5)", "VARCHAR(10)", "VARCHAR(10)"), t.types());
        assertEquals(java.util.Arrays.asList(new BigDecimal("12.35"), new BigDecimal("-7.89"),
                new BigDecimal("0.13"), new BigDecimal("0.33"), null), t.column(0));
        assertEquals(java.util.Arrays.asList(2147483647L, -2147483647L, 0L, 1L, null), t.column(1));
        assertEquals(java.util.Arrays.asList(9007199254740992L, -9007199254740992L, 0L, 1_000_000_000_000_000L, null),
                t.column(2));
        assertEquals(java.util.Arrays.asList(2, -2, 0, 7, null), t.column(3));
        assertEquals(java.util.Arrays.asList("5", "-1", "0", "1", null), t.column(4));
        assertEquals(java.util.Arrays.asList("3", "2.5", "-0.125", "100000000000000000000", null), t.column(5));
        assertEquals(java.util.Arrays.asList("TRUE", "FALSE", "TRUE", "FALSE", null), t.column(6));
        assertEquals(java.util.Arrays.asList("2024-02-29", "1969-07-20", "1970-01-01", "9999-12-31", null),
                t.column(7));
        assertEquals(java.util.Arrays.asList("Grüße", "", "x", "y", null), t.column(8));
    }

    @Test
    void declaredTypesAcceptTSqlSpellings() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, """
                OutputDataSet <- data.frame(id = 1L, name = 'n', flag = TRUE, at = as.POSIXct('2024-02-29 13:45:59.25', tz = 'UTC'),
                  bin = I(list(as.raw(c(1, 2)))), amount = 1234.5, day = as.Date('2024-02-29'))
                """, null, null, "((id int, name nvarchar(max), flag bit, at datetime2, bin varbinary(max),"
                + " amount decimal(10,2), day date))").rows();
        assertEquals(List.of("INTEGER", "VARCHAR(32672)", "BOOLEAN", "TIMESTAMP", "BLOB", "DECIMAL(10,2)", "DATE"),
                t.types());
        List<Object> row = t.rows().get(0);
        assertEquals(1, row.get(0));
        assertEquals("n", row.get(1));
        assertEquals(true, row.get(2));
        assertEquals(Timestamp.valueOf("2024-02-29 13:45:59.25"), row.get(3));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) row.get(4));
        assertEquals(new BigDecimal("1234.50"), row.get(5));
        assertEquals(Date.valueOf("2024-02-29"), row.get(6));
    }

    @Test
    void timestampDeclaredAsVarcharCanBeCastBackToTimestamp() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, """
                OutputDataSet <- data.frame(ts = as.POSIXct(c("2024-02-29 13:45:00", "2024-02-29 13:45:59.5",
                  "1970-01-01 00:00:00"), tz = "UTC"))
                """, null, null, "((ts VARCHAR(30)))").rows();
        List<LocalDateTime> expected = List.of(LocalDateTime.of(2024, 2, 29, 13, 45),
                LocalDateTime.of(2024, 2, 29, 13, 45, 59, 500_000_000), LocalDateTime.of(1970, 1, 1, 0, 0));
        try (PreparedStatement ps = conn.prepareStatement("VALUES CAST(CAST(? AS VARCHAR(30)) AS TIMESTAMP)")) {
            for (int i = 0; i < expected.size(); i++) {
                String text = (String) t.value(i, 0);
                ps.setString(1, text);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(expected.get(i), rs.getTimestamp(1).toLocalDateTime(), "text was '" + text + "'");
                } catch (java.sql.SQLException e) {
                    throw new AssertionError("Derby cannot cast '" + text + "' back to TIMESTAMP: " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void binaryOutputParameterRoundTripsThroughASecondCall() throws Exception {
        ScriptCalls.Outcome first = ScriptCalls.r(conn, "model <- serialize(list(a = 1), NULL)", null,
                "@model VARBINARY(MAX) OUTPUT", null);
        assertTrue(first.output().isEmpty(), "no OutputDataSet was set");
        assertEquals(List.of("@model"), first.parameterTable().orElseThrow().names());
        assertEquals(List.of("BLOB"), first.parameterTable().orElseThrow().types());
        byte[] model = (byte[]) first.outputParameters().get("@model");
        assertTrue(model.length > 20, "serialized model has " + model.length + " bytes");
        assertEquals('X', model[0]); // R's XDR serialization header "X\n"
        assertEquals('\n', model[1]);

        ScriptCalls.Table t = ScriptCalls.r(conn, """
                m <- unserialize(model)
                OutputDataSet <- data.frame(a = m$a, n = names(m),
                  same = identical(model, serialize(list(a = 1), NULL)), stringsAsFactors = FALSE)
                """, null, "@model VARBINARY(MAX) = 0x" + ScriptCalls.hex(model), null).rows();
        assertEquals(List.of(List.of(1.0, "a", true)), t.rows());
    }

    @Test
    void inputParametersOfEachTypeArriveAsTheirRTypes() throws Exception {
        String params = "@i INT = -5, @s SMALLINT = 7, @b BIGINT = 9007199254740991, @d FLOAT = 2.5,"
                + " @m DECIMAL(10,2) = 12.34, @v NVARCHAR(20) = N'Grüße', @bit BIT = 1, @f BIT = 0,"
                + " @dt DATE = '2024-02-29', @ts DATETIME2 = '2024-02-29 13:45:59.25', @bin VARBINARY(8) = 0x00ff,"
                + " @nul INT = NULL, @nulv NVARCHAR(5) = NULL, @nulbin VARBINARY(MAX) = NULL";
        String script = """
                ok <- c(
                  i   = identical(i, -5L),
                  s   = identical(s, 7L),
                  b   = identical(b, 9007199254740991),
                  d   = identical(d, 2.5),
                  m   = identical(m, 12.34),
                  v   = identical(v, "Gr\\u00fc\\u00dfe"),
                  bit = identical(bit, TRUE),
                  f   = identical(f, FALSE),
                  dt  = inherits(dt, "Date") && format(dt) == "2024-02-29",
                  ts  = inherits(ts, "POSIXct") && format(ts, "%Y-%m-%d %H:%M:%OS2", tz = "UTC") == "2024-02-29 13:45:59.25",
                  bin = identical(bin, as.raw(c(0x00, 0xff))),
                  nul = identical(nul, NA_integer_),
                  nulv = identical(nulv, NA_character_),
                  nulbin = is.null(nulbin))
                OutputDataSet <- data.frame(check = names(ok), ok = unname(ok), stringsAsFactors = FALSE)
                """;
        ScriptCalls.Table t = ScriptCalls.r(conn, script, null, params, null).rows();
        assertEquals(14, t.rows().size());
        List<String> failed = t.rows().stream().filter(r -> !Boolean.TRUE.equals(r.get(1)))
                .map(r -> (String) r.get(0)).toList();
        assertEquals(List.of(), failed, "parameter checks that failed in R");
    }

    @Test
    void outputParametersOfEachTypeComeBackTyped() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, """
                oi <- oi * 2L; od <- 0.1 + 0.2; ov <- paste0(ov, '\\u00df'); ob <- !ob
                odt <- as.Date('2024-02-29'); ots <- as.POSIXct('2024-02-29 13:45:59.125', tz = 'UTC')
                """, null, "@oi INT = 21 OUTPUT, @od FLOAT OUTPUT, @ov NVARCHAR(10) = N'ss' OUTPUT,"
                + " @ob BIT = 0 OUTPUT, @odt DATE OUTPUT, @ots DATETIME2 OUTPUT, @untouched INT OUTPUT", null);
        assertTrue(o.output().isEmpty());
        assertTrue(o.executeReturnedResultSet());
        ScriptCalls.Table p = o.parameterTable().orElseThrow();
        assertEquals(List.of("@oi", "@od", "@ov", "@ob", "@odt", "@ots", "@untouched"), p.names());
        assertEquals(List.of("INTEGER", "DOUBLE", "VARCHAR(10)", "BOOLEAN", "DATE", "TIMESTAMP", "INTEGER"), p.types());
        assertEquals(java.util.Arrays.asList(42, 0.1 + 0.2, "ssß", true, Date.valueOf("2024-02-29"),
                Timestamp.valueOf("2024-02-29 13:45:59.125"), null), p.rows().get(0));
    }

    @Test
    void outputDataSetAndOutputParameterTogether() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "n <- n + 1L; OutputDataSet <- data.frame(x = 1:3)", null,
                "@n INT = 41 OUTPUT", null);
        assertEquals(List.of(List.of(1), List.of(2), List.of(3)), o.rows().rows());
        assertEquals(Map.of("@n", 42), o.outputParameters());
    }

    @Test
    void outputDataSetIsResultSetOneAndParametersResultSetTwo() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "n <- n + 1L; OutputDataSet <- data.frame(x = 1:3)", null,
                "@n INT = 41 OUTPUT", null);
        assertEquals(List.of("output", "parameters"), o.order());
    }
}
