package io.satellite.engine.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 rows through {@code OutputDataSet = InputDataSet}, every row checked by checksum;
 * rows/s printed, with the same rows read by a plain SELECT in the same run as the baseline
 * (absolute figures on these machines depend on what else runs). R is no baseline here: an
 * input over the 64 KiB pipe buffer hangs worker.R (see LargeInputTest).
 */
class PythonThroughputTest {
    static final int ROWS = 100_000;
    static final long ID_SUM = (long) ROWS * (ROWS + 1) / 2;

    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = PythonCalls.startEngine(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE BIG (ID INT NOT NULL, X DOUBLE, S VARCHAR(12))");
            s.execute("INSERT INTO BIG VALUES (1, 0.5, 'r1')");
            for (int n = 1; n < ROWS; n *= 2) {
                s.execute("INSERT INTO BIG SELECT ID + " + n + ", (ID + " + n + ") * 0.5, 'r' || TRIM(CHAR(ID + " + n
                        + ")) FROM BIG WHERE ID + " + n + " <= " + ROWS);
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
    void hundredThousandRowsInAndOutUnchanged() throws Exception {
        double select = rowsPerSecond("plain SELECT", null);
        double python = rowsPerSecond("Python", "OutputDataSet = InputDataSet");
        double again = rowsPerSecond("Python again", "OutputDataSet = InputDataSet");
        System.out.printf("PythonThroughputTest: %,d rows: Python %,.0f and %,.0f rows/s, plain SELECT %,.0f rows/s"
                + " (Python %.0f%% of it)%n", ROWS, python, again, select, 100 * Math.max(python, again) / select);
    }

    /**
     * Reads BIG through a Python script (or directly, for a null script), checks that every row
     * came back unchanged (by checksum), returns rows/s.
     */
    private static double rowsPerSecond(String what, String script) throws Exception {
        long t0 = System.nanoTime();
        long[] seen;
        if (script == null) {
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT id, x, s FROM BIG")) {
                seen = check(rs);
            }
        } else {
            try (CallableStatement cs = conn.prepareCall(PythonCalls.CALL)) {
                cs.setString(1, "Python");
                cs.setString(2, script);
                cs.setString(3, "SELECT id, x, s FROM BIG");
                for (int i = 4; i <= 7; i++) {
                    cs.setString(i, null);
                }
                cs.execute();
                try (ResultSet rs = cs.getResultSet()) {
                    seen = check(rs);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(ROWS, seen[0], what + ": rows");
        assertEquals(ID_SUM, seen[1], what + ": sum of ids");
        assertEquals(0, seen[2], what + ": rows whose x or s changed");
        System.out.printf("PythonThroughputTest: %s: %,d rows in %.2f s = %,.0f rows/s%n", what, seen[0], seconds,
                seen[0] / seconds);
        return seen[0] / seconds;
    }

    /** {rows, sum of ids, rows whose x or s is not what BIG holds}. */
    private static long[] check(ResultSet rs) throws Exception {
        long[] seen = new long[3];
        while (rs.next()) {
            int id = rs.getInt(1);
            seen[0]++;
            seen[1] += id;
            if (rs.getDouble(2) != id * 0.5 || !rs.getString(3).equals("r" + id)) {
                seen[2]++;
            }
        }
        return seen;
    }
}
