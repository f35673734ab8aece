package io.satellite.engine.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Active requests (DMV), KILL, query timeout, history and events, on a real engine running R. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestsTest {
    @TempDir
    static Path dir;
    private Engine engine;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_CREATE_USER('BOB', 'bobpw')");
            s.execute("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'BOB')");
            s.execute("CALL SYSCS_UTIL.SYSCS_CREATE_USER('CAROL', 'carolpw')");
            s.execute("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'CAROL')");
        }
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    private static CompletableFuture<Void> runAsync(Connection c, String script) {
        return CompletableFuture.runAsync(() -> {
            try (Statement s = c.createStatement()) {
                s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '" + script.replace("'", "''")
                        + "', NULL, NULL, NULL, NULL, NULL)");
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static List<Object[]> requests(Connection c) throws SQLException {
        List<Object[]> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT REQUEST_ID, USER_NAME, LANGUAGE, STATE, PID FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T")) {
            while (rs.next()) {
                out.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)});
            }
        }
        return out;
    }

    private static Object[] awaitOneRunning(Connection c) throws Exception {
        for (int i = 0; i < 100; i++) {
            List<Object[]> rs = requests(c);
            if (rs.size() == 1 && "RUNNING".equals(rs.get(0)[3]) && (long) rs.get(0)[4] > 0) {
                return rs.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no running request appeared");
    }

    @Test
    void killEndsTheRequestWithAClearErrorAndLeavesNothingBehind() throws Exception {
        try (Connection caller = engine.connectAsAdmin(); Connection dba = engine.connectAsAdmin()) {
            CompletableFuture<Void> job = runAsync(caller, "Sys.sleep(60)");
            Object[] r = awaitOneRunning(dba);
            long pid = (long) r[4];
            assertTrue(ProcessHandle.of(pid).isPresent(), "the worker process is running");
            assertEquals("ADMIN", r[1]);
            assertEquals("R", r[2]);
            try (CallableStatement kill = dba.prepareCall("CALL SQLML.KILL_EXTERNAL_SCRIPT(?)")) {
                kill.setLong(1, (long) r[0]);
                kill.execute();
            }
            Throwable failure = assertThrows(Exception.class, () -> job.get(20, TimeUnit.SECONDS)).getCause();
            SQLException e = (SQLException) failure.getCause();
            assertEquals("38S09", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("killed by ADMIN"), e.getMessage());
            assertTrue(requests(dba).isEmpty());
            assertEquals(0, TestEngines.leftoverJobDirectories(engine), TestEngines.strayJobDirectories(engine).toString());
            assertTrue(TestEngines.strayProcesses(engine).isEmpty(), TestEngines.strayProcesses(engine).toString());
            SQLException unknown = assertThrows(SQLException.class, () -> {
                try (Statement s = dba.createStatement()) {
                    s.execute("CALL SQLML.KILL_EXTERNAL_SCRIPT(" + r[0] + ")");
                }
            });
            assertTrue(unknown.getMessage().contains("no active external script request"), unknown.getMessage());
            try (Statement s = caller.createStatement()) {
                s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'OutputDataSet <- data.frame(ok = TRUE)',"
                        + " NULL, NULL, NULL, NULL, NULL)");
                try (ResultSet rs = s.getResultSet()) {
                    assertTrue(rs.next());
                    assertTrue(rs.getBoolean(1));
                }
            }
        }
    }

    @Test
    void queryTimeoutCancelsTheScript() throws Exception {
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> s.execute(
                    "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'Sys.sleep(60)', NULL, NULL, NULL, NULL, NULL)"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals("38S09", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("query timeout"), e.getMessage());
            assertTrue(seconds < 10, "cancelled after " + seconds + " s");
        }
    }

    @Test
    void usersSeeAndKillOnlyTheirOwnRequests() throws Exception {
        try (Connection bobRunning = engine.connect("bob", "bobpw"); Connection bob = engine.connect("bob", "bobpw");
             Connection carol = engine.connect("carol", "carolpw"); Connection dba = engine.connectAsAdmin()) {
            CompletableFuture<Void> job = runAsync(bobRunning, "Sys.sleep(60)");
            Object[] r = awaitOneRunning(dba);
            assertEquals("BOB", r[1]);
            assertEquals(1, requests(bob).size());
            assertTrue(requests(carol).isEmpty(), "carol must not see bob's request");
            SQLException denied = assertThrows(SQLException.class, () -> {
                try (Statement s = carol.createStatement()) {
                    s.execute("CALL SQLML.KILL_EXTERNAL_SCRIPT(" + r[0] + ")");
                }
            });
            assertTrue(denied.getMessage().contains("may not kill"), denied.getMessage());
            try (Statement s = bob.createStatement()) {
                s.execute("CALL SQLML.KILL_EXTERNAL_SCRIPT(" + r[0] + ")");
            }
            assertThrows(Exception.class, () -> job.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void historyAndStatisticsRecordFinishedRequestsAcrossRestarts() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RequestListener listener = new RequestListener() {
            @Override
            public void queued(ExternalRequest r) {
                events.add("queued " + r.id());
            }

            @Override
            public void started(ExternalRequest r) {
                events.add("started " + r.id() + " pid " + (r.pid() > 0));
            }

            @Override
            public void finished(ExternalRequest r) {
                events.add("finished " + r.id() + " " + r.state() + " rows " + r.rowsIn() + "/" + r.rowsOut());
            }
        };
        engine.requests().addListener(listener);
        long id;
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'OutputDataSet <- InputDataSet[InputDataSet$N > 1, , drop = FALSE]',"
                    + " 'SELECT * FROM (VALUES 1, 2, 3) AS V(N)', NULL, NULL, NULL, NULL)");
            try (ResultSet rs = s.getResultSet()) {
                while (rs.next()) {
                    // read every row: the request ends with its last row
                }
            }
            assertThrows(SQLException.class, () -> s.execute(
                    "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'stop(\"bad\")', NULL, NULL, NULL, NULL, NULL)"));
        } finally {
            engine.requests().removeListener(listener);
        }
        assertEquals(6, events.size(), events.toString());
        assertTrue(events.get(1).endsWith("pid true"), events.toString());
        assertTrue(events.get(2).endsWith("SUCCEEDED rows 3/2"), events.toString());
        assertTrue(events.get(5).contains("FAILED"), events.toString());
        id = Long.parseLong(events.get(0).split(" ")[1]);
        engine.flushHistory();
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT STATUS, ROWS_IN, ROWS_OUT, BYTES_IN > 0, CPU_MS >= 0, ERROR_TEXT"
                    + " FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V WHERE REQUEST_ID IN (" + id + ", " + (id + 1) + ")"
                    + " ORDER BY REQUEST_ID")) {
                assertTrue(rs.next());
                assertEquals("SUCCEEDED", rs.getString(1));
                assertEquals(3, rs.getLong(2));
                assertEquals(2, rs.getLong(3));
                assertTrue(rs.getBoolean(4));
                assertTrue(rs.next());
                assertEquals("FAILED", rs.getString(1));
                assertTrue(rs.getString(6).contains("bad"), rs.getString(6));
            }
            try (ResultSet rs = s.executeQuery("SELECT EXECUTIONS, FAILED FROM SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS"
                    + " WHERE LANGUAGE = 'R'")) {
                assertTrue(rs.next());
                assertTrue(rs.getLong(1) >= 2);
                assertTrue(rs.getLong(2) >= 1);
            }
        }
        try (Connection carol = engine.connect("carol", "carolpw"); Statement s = carol.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "carol has no history of her own");
        }
        engine.close();
        engine = TestEngines.startEnabled(dir.resolve("data"));
        List<Long> ids = new CopyOnWriteArrayList<>();
        RequestListener after = new RequestListener() {
            @Override
            public void queued(ExternalRequest r) {
                ids.add(r.id());
            }
        };
        engine.requests().addListener(after);
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '', NULL, NULL, NULL, NULL, NULL)");
        }
        assertFalse(ids.isEmpty());
        assertTrue(ids.get(0) > id + 1, "request ids continue after a restart: " + ids);
    }
}
