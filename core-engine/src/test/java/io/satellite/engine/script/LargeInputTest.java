package io.satellite.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A million rows through R: in and out unchanged, in and aggregated, and made in R. Rows are
 * checked one by one (or by checksum); elapsed time and rows/s are printed.
 */
class LargeInputTest {
    static final int ROWS = 1_000_000;
    /** 1 + 2 + ... + ROWS */
    static final long ID_SUM = (long) ROWS * (ROWS + 1) / 2;
    /** total characters of 'r' || ID for ID = 1..ROWS: one 'r' each plus the digits */
    static final long CHARS = ROWS + 9L * 1 + 90L * 2 + 900L * 3 + 9_000L * 4 + 90_000L * 5 + 900_000L * 6 + 7;

    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;
    static boolean bigTableReady;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        conn = engine.connectAsAdmin();
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

    /** BIG(ID 1..1,000,000, X = ID / 2, S = 'r' || ID), built by doubling in Derby. */
    static synchronized void bigTable() throws Exception {
        if (bigTableReady) {
            return;
        }
        long t0 = System.nanoTime();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE BIG (ID INT NOT NULL, X DOUBLE, S VARCHAR(12))");
            s.execute("INSERT INTO BIG VALUES (1, 0.5, 'r1')");
            for (int n = 1; n < ROWS; n *= 2) {
                s.execute("INSERT INTO BIG SELECT ID + " + n + ", (ID + " + n + ") * 0.5, 'r' || TRIM(CHAR(ID + " + n
                        + ")) FROM BIG WHERE ID + " + n + " <= " + ROWS);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CAST(ID AS BIGINT)), SUM(LENGTH(S)) FROM BIG")) {
                rs.next();
                assertEquals(ROWS, rs.getInt(1));
                assertEquals(ID_SUM, rs.getLong(2));
                assertEquals(CHARS, rs.getLong(3));
            }
        }
        System.out.printf("LargeInputTest: built %,d rows in Derby in %.1f s%n", ROWS, (System.nanoTime() - t0) / 1e9);
        bigTableReady = true;
    }

    private static void report(String what, long rows, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("LargeInputTest: %s: %,d rows in %.2f s = %,.0f rows/s%n", what, rows, s, rows / s);
    }

    @Test
    void inputJustOverThePipeBufferDoesNotHang() throws Exception {
        // about 100 KB of input: 4,000 rows of 25 characters
        ScriptCalls.Table t = ScriptCalls.withinSeconds(engine, 30, () -> ScriptCalls.r(conn,
                "OutputDataSet <- data.frame(n = nrow(InputDataSet), chars = sum(nchar(InputDataSet[[1]])))",
                "SELECT CAST('abcdefghijklmnopqrstuvwxy' AS VARCHAR(25)) FROM SYS.SYSCOLUMNS A, SYS.SYSTABLES B"
                        + " FETCH FIRST 4000 ROWS ONLY").rows());
        assertEquals(List.of(List.of(4000, 100_000)), t.rows());
    }

    @Test
    void millionRowsInAndOutUnchanged() throws Exception {
        bigTable();
        long t0 = System.nanoTime();
        long[] seen = ScriptCalls.withinSeconds(engine, 180, () -> {
            try (CallableStatement cs = conn.prepareCall(ScriptCalls.CALL)) {
                cs.setString(1, "R");
                cs.setString(2, "OutputDataSet <- InputDataSet");
                cs.setString(3, "SELECT ID, X, S FROM BIG ORDER BY ID");
                for (int i = 4; i <= 7; i++) {
                    cs.setString(i, null);
                }
                cs.execute();
                long n = 0;
                long idSum = 0;
                long chars = 0;
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        n++;
                        int id = rs.getInt(1);
                        if (id != n || rs.getDouble(2) != id * 0.5 || !("r" + id).equals(rs.getString(3))) {
                            throw new AssertionError("row " + n + " came back as " + id + ", " + rs.getDouble(2)
                                    + ", " + rs.getString(3));
                        }
                        idSum += id;
                        chars += rs.getString(3).length();
                    }
                }
                return new long[] {n, idSum, chars};
            }
        });
        report("identity script (OutputDataSet <- InputDataSet), 3 columns", seen[0], t0);
        assertEquals(ROWS, seen[0]);
        assertEquals(ID_SUM, seen[1]);
        assertEquals(CHARS, seen[2]);
        ScriptCalls.assertNoLeftovers(engine, "after the job");
    }

    @Test
    void millionRowsInAggregatedInR() throws Exception {
        bigTable();
        long t0 = System.nanoTime();
        ScriptCalls.Table t = ScriptCalls.withinSeconds(engine, 180, () -> ScriptCalls.r(conn, """
                d <- InputDataSet
                OutputDataSet <- data.frame(n = nrow(d), ids = sum(as.numeric(d$ID)), x = sum(d$X),
                  chars = sum(nchar(d$S)), ordered = !is.unsorted(d$ID))
                """, "SELECT ID, X, S FROM BIG ORDER BY ID").rows());
        report("aggregating script (sum)", ROWS, t0);
        assertEquals(List.of(List.of(ROWS, (double) ID_SUM, ID_SUM * 0.5, (int) CHARS, true)), t.rows());
    }

    @Test
    void millionRowsMadeInR() throws Exception {
        long t0 = System.nanoTime();
        long[] seen = ScriptCalls.withinSeconds(engine, 180, () -> {
            try (CallableStatement cs = conn.prepareCall(ScriptCalls.CALL)) {
                cs.setString(1, "R");
                cs.setString(2, "i <- seq_len(" + ROWS + "); OutputDataSet <- data.frame(id = i, x = i * 0.5,"
                        + " s = paste0('r', i), stringsAsFactors = FALSE)");
                for (int i = 3; i <= 7; i++) {
                    cs.setString(i, null);
                }
                cs.execute();
                long n = 0;
                long chars = 0;
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        n++;
                        int id = rs.getInt(1);
                        if (id != n || rs.getDouble(2) != id * 0.5 || !("r" + id).equals(rs.getString(3))) {
                            throw new AssertionError("row " + n + " came back as " + id + ", " + rs.getDouble(2)
                                    + ", " + rs.getString(3));
                        }
                        chars += rs.getString(3).length();
                    }
                }
                return new long[] {n, chars};
            }
        });
        report("rows made in R (no input), 3 columns", seen[0], t0);
        assertEquals(ROWS, seen[0]);
        assertEquals(CHARS, seen[1]);
        ScriptCalls.assertNoLeftovers(engine, "after the job");
    }
}
