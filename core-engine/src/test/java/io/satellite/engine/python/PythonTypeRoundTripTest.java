package io.satellite.engine.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every wire type goes to Python and back: the pandas dtypes the script sees, the SQL types
 * its DataFrame's dtypes come back as, NULLs, non-ASCII text, and parameters in and out.
 */
class PythonTypeRoundTripTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    static final String TABLE = "CREATE TABLE TYPES (ID INT, I INT, S SMALLINT, B BIGINT, D DOUBLE, V VARCHAR(60),"
            + " L BOOLEAN, DT DATE, TS TIMESTAMP, VB VARCHAR(16) FOR BIT DATA, BL BLOB)";
    static final String SHAPE = "((ID INT, I INT, S SMALLINT, B BIGINT, D DOUBLE, V VARCHAR(60), L BOOLEAN,"
            + " DT DATE, TS TIMESTAMP, VB VARBINARY(16), BL VARBINARY(MAX)))";
    static final List<Object[]> ROWS = List.of(
            new Object[] {1, 42, 7, 9007199254740991L, Math.PI, "Grüße, 日本語, emoji \uD83D\uDE00", true,
                LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 13, 45, 59, 123_456_000),
                new byte[] {0, (byte) 0xFF, 0x10}, new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 0}},
            new Object[] {2, -2147483647, -32768, -1234567890123L, -1e-300, "", false, LocalDate.of(1969, 7, 20),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000), new byte[0], new byte[0]},
            new Object[] {3, null, null, null, null, null, null, null, null, null, null});

    @BeforeAll
    static void start() throws Exception {
        engine = PythonCalls.startEngine(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute(TABLE);
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO TYPES VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            for (Object[] r : ROWS) {
                for (int i = 0; i < r.length; i++) {
                    Object v = r[i] instanceof LocalDate d ? Date.valueOf(d)
                            : r[i] instanceof LocalDateTime t ? Timestamp.valueOf(t) : r[i];
                    ps.setObject(i + 1, v);
                }
                ps.executeUpdate();
            }
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

    @Test
    void everyTypeArrivesAsItsDtypeAndComesBackUnchanged() throws Exception {
        String script = String.join("\n",
                "import pandas as pd",
                "expected = {'ID': 'Int32', 'I': 'Int32', 'S': 'Int32', 'B': 'float64', 'D': 'float64',",
                "            'V': 'object', 'L': 'boolean', 'DT': 'datetime64[ns]', 'TS': 'datetime64[ns]',",
                "            'VB': 'object', 'BL': 'object'}",
                "got = dict(InputDataSet.dtypes.astype(str))",
                "assert got == expected, got",
                "first, empty = InputDataSet.iloc[0], InputDataSet.iloc[1]",
                "assert first['V'] == 'Grüße, 日本語, emoji \\U0001F600', first['V']",
                "assert first['BL'] == b'\\xde\\xad\\xbe\\xef\\x00' and empty['VB'] == b'', first['BL']",
                "assert first['DT'] == pd.Timestamp('2024-02-29'), first['DT']",
                "assert first['TS'] == pd.Timestamp('2024-02-29 13:45:59.123456'), first['TS']",
                "assert empty['V'] == '' and empty['L'] == False",
                "nulls = InputDataSet.iloc[2]",
                "assert nulls['V'] is None and nulls['BL'] is None and nulls['I'] is pd.NA, nulls",
                "assert pd.isna(nulls['D']) and nulls['L'] is pd.NA and nulls['DT'] is pd.NaT, nulls",
                "OutputDataSet = InputDataSet");
        PythonCalls.Table t = PythonCalls.python(conn, script, "SELECT * FROM TYPES ORDER BY ID", null, SHAPE).output();
        assertEquals(List.of("ID", "I", "S", "B", "D", "V", "L", "DT", "TS", "VB", "BL"), t.names());
        assertEquals(ROWS.size(), t.rows().size());
        for (int r = 0; r < ROWS.size(); r++) {
            for (int c = 0; c < ROWS.get(r).length; c++) {
                assertSqlEqual(ROWS.get(r)[c], t.value(r, c), "row " + r + " column " + t.names().get(c));
            }
        }
    }

    @Test
    void outputTypesFollowTheDtypes() throws Exception {
        String script = String.join("\n",
                "import datetime, numpy as np, pandas as pd",
                "OutputDataSet = pd.DataFrame({",
                "    'i32': pd.array([1, None, 3], dtype='Int32'),",
                "    'i64': np.array([1, 2, 2**31 - 1], dtype='int64'),",
                "    'big': np.array([1, 2**40, 3], dtype='int64'),",
                "    'int_min': np.array([-2**31, 0, 1], dtype='int64'),",
                "    'f': [1.5, np.nan, -2.0],",
                "    'b': [True, False, True],",
                "    'nb': pd.array([True, None, False], dtype='boolean'),",
                "    's': ['ünï ☃', None, ''],",
                "    'ts': pd.to_datetime(['2024-02-29 13:45:59.5', None, '1970-01-01']),",
                "    'd': [datetime.date(2024, 2, 29), None, datetime.date(9999, 12, 31)],",
                "    'bin': [b'\\x00\\x01', None, b''],",
                "    'cat': pd.Categorical(['x', None, 'y']),",
                "})");
        PythonCalls.Table t = PythonCalls.python(conn, script, null, null, null).output();
        assertEquals(List.of("INTEGER", "INTEGER", "DOUBLE", "DOUBLE", "DOUBLE", "BOOLEAN", "BOOLEAN",
                "VARCHAR(32672)", "TIMESTAMP", "DATE", "BLOB", "VARCHAR(32672)"), t.types());
        assertRow(t.rows().get(0), 1, 1, 1.0, -2147483648.0, 1.5, true, true, "ünï ☃",
                LocalDateTime.of(2024, 2, 29, 13, 45, 59, 500_000_000), LocalDate.of(2024, 2, 29),
                new byte[] {0, 1}, "x");
        assertRow(t.rows().get(1), null, 2, 1099511627776.0, 0.0, null, false, null, null, null, null, null, null);
        assertRow(t.rows().get(2), 3, 2147483647, 3.0, 1.0, -2.0, true, false, "",
                LocalDateTime.of(1970, 1, 1, 0, 0), LocalDate.of(9999, 12, 31), new byte[0], "y");
    }

    @Test
    void datesOutsideDatetime64ArriveAsPythonObjects() throws Exception {
        String script = String.join("\n",
                "import datetime",
                "assert str(InputDataSet['D'].dtype) == 'object' and str(InputDataSet['T'].dtype) == 'object'",
                "assert InputDataSet['D'][0] == datetime.date(9999, 12, 31), InputDataSet['D'][0]",
                "assert InputDataSet['T'][0] == datetime.datetime(1, 1, 1, 0, 0, 1), InputDataSet['T'][0]",
                "assert InputDataSet['D'][1] is None",
                "OutputDataSet = InputDataSet");
        PythonCalls.Table t = PythonCalls.python(conn, script, "SELECT D, T FROM (VALUES (DATE('9999-12-31'),"
                + " TIMESTAMP('0001-01-01 00:00:01')), (CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP))) AS V(D, T)",
                null, null).output();
        assertEquals(List.of("DATE", "TIMESTAMP"), t.types());
        assertRow(t.rows().get(0), LocalDate.of(9999, 12, 31), LocalDateTime.of(1, 1, 1, 0, 0, 1));
        assertRow(t.rows().get(1), null, null);
    }

    @Test
    void parametersArriveAsPythonValuesAndOutputParametersAreCoerced() throws Exception {
        String params = "@n INT = 5, @x FLOAT = 2.5, @s NVARCHAR(20) = N'żółw ☃', @d DATE = '2024-02-29',"
                + " @t DATETIME2 = '2024-02-29 13:45:59', @ok BIT = 1, @b VARBINARY(10) = 0x00ff, @missing INT = NULL,"
                + " @n_out INT OUTPUT, @s_out NVARCHAR(50) OUTPUT, @d_out DATE OUTPUT, @t_out DATETIME2 OUTPUT,"
                + " @ok_out BIT OUTPUT, @x_out FLOAT OUTPUT, @b_out VARBINARY(MAX) OUTPUT, @null_out INT OUTPUT";
        String script = String.join("\n",
                "import datetime, numpy as np, pandas as pd",
                "got = (n, x, s, d, t, ok, b, missing)",
                "assert got == (5, 2.5, 'żółw ☃', datetime.date(2024, 2, 29),",
                "               datetime.datetime(2024, 2, 29, 13, 45, 59), True, b'\\x00\\xff', None), got",
                "assert type(n) is int and type(ok) is bool and type(d) is datetime.date, (type(n), type(ok), type(d))",
                "n_out = np.int64(n + 1)",
                "s_out = s.upper() + ' ✓'",
                "d_out = d + datetime.timedelta(days=1)",
                "t_out = pd.Timestamp(t) + pd.Timedelta(hours=1)",
                "ok_out = not ok",
                "x_out = np.float64(x) * 2",
                "b_out = b[::-1] + bytes([1])",
                "null_out = None");
        Map<String, Object> out = PythonCalls.python(conn, script, null, params, null).outputParameters();
        assertEquals(List.of("@n_out", "@s_out", "@d_out", "@t_out", "@ok_out", "@x_out", "@b_out", "@null_out"),
                new ArrayList<>(out.keySet()));
        assertEquals(6, out.get("@n_out"));
        assertEquals("ŻÓŁW ☃ ✓", out.get("@s_out"));
        assertEquals(Date.valueOf(LocalDate.of(2024, 3, 1)), out.get("@d_out"));
        assertEquals(Timestamp.valueOf(LocalDateTime.of(2024, 2, 29, 14, 45, 59)), out.get("@t_out"));
        assertEquals(false, out.get("@ok_out"));
        assertEquals(5.0, out.get("@x_out"));
        assertArrayEquals(new byte[] {(byte) 0xFF, 0, 1}, (byte[]) out.get("@b_out"));
        assertNull(out.get("@null_out"));
    }

    private static void assertRow(List<Object> actual, Object... expected) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertSqlEqual(expected[i], actual.get(i), "column " + (i + 1) + " of " + actual);
        }
    }

    /** Equal as SQL values: JDBC dates/timestamps compared as java.time, numbers by value, bytes by content. */
    private static void assertSqlEqual(Object expected, Object actual, String what) {
        Object a = actual instanceof Date d ? d.toLocalDate()
                : actual instanceof Timestamp t ? t.toLocalDateTime() : actual;
        if (expected instanceof byte[] b) {
            assertArrayEquals(b, (byte[]) a, what);
        } else if (expected instanceof Number n && a instanceof Number m) {
            assertEquals(n.doubleValue(), m.doubleValue(), 0.0, what);
        } else {
            assertEquals(expected, a, () -> what + ": " + (a == null ? "null" : a.getClass().getSimpleName() + " " + a)
                    + (a instanceof byte[] bytes ? Arrays.toString(bytes) : ""));
        }
    }
}
