package io.satellite.engine.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource pools govern real R jobs: MAX_PROCESSES with a queue timeout, and a maximum duration. */
class PoolGovernanceTest {
    @TempDir
    Path dir;

    private static void call(Connection c, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '" + script + "', NULL, NULL, NULL, NULL, NULL)");
        }
    }

    @Test
    void maxProcessesQueuesThenTimesOutAndMaxDurationKills() throws Exception {
        try (Engine engine = TestEngines.startEnabled(dir.resolve("data"))) {
            try (Connection dba = engine.connectAsAdmin(); Statement s = dba.createStatement()) {
                s.execute("CALL SYSCS_UTIL.SYSCS_CREATE_USER('BOB', 'bobpw')");
                s.execute("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'BOB')");
                s.execute("CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('narrow', NULL, NULL, 1, NULL, 0, 1)");
                s.execute("CALL SQLML.CLASSIFY_EXTERNAL_POOL('bob', 'narrow')");
            }
            try (Connection first = engine.connect("bob", "bobpw"); Connection second = engine.connect("bob", "bobpw");
                 Connection dba = engine.connectAsAdmin()) {
                CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                    try {
                        call(first, "Sys.sleep(30)");
                    } catch (SQLException e) {
                        throw new RuntimeException(e);
                    }
                });
                waitFor(() -> pools(dba, "narrow")[0] == 1);
                long t0 = System.nanoTime();
                SQLException queued = assertThrows(SQLException.class, () -> call(second, "1"));
                double waited = (System.nanoTime() - t0) / 1e9;
                assertEquals("38S10", queued.getSQLState(), queued.getMessage());
                assertTrue(queued.getMessage().contains("queue of pool 'narrow'"), queued.getMessage());
                assertTrue(waited >= 0.9 && waited < 10, "waited " + waited + " s");

                try (Statement s = dba.createStatement()) {
                    s.execute("CALL SQLML.KILL_EXTERNAL_SCRIPT(" + firstRequestId(dba) + ")");
                }
                assertThrows(Exception.class, () -> running.get(20, TimeUnit.SECONDS));
                waitFor(() -> pools(dba, "narrow")[0] == 0);
                assertEquals(1, pools(dba, "narrow")[2], "peak active");

                try (Statement s = dba.createStatement()) {
                    s.execute("CALL SQLML.ALTER_EXTERNAL_RESOURCE_POOL('narrow', NULL, NULL, NULL, NULL, 1, NULL)");
                }
                long t1 = System.nanoTime();
                SQLException e = assertThrows(SQLException.class, () -> call(first, "Sys.sleep(30)"));
                assertEquals("38S09", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("maximum duration"), e.getMessage());
                assertTrue((System.nanoTime() - t1) / 1e9 < 15, "killed well before the script's 30 s");
                call(second, "x <- 1");
            }
        }
    }

    private static long firstRequestId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT MIN(REQUEST_ID) FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {active, queued, peak active} of a pool from SQLML.DM_EXTERNAL_RESOURCE_POOLS. */
    private static long[] pools(Connection c, String name) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT ACTIVE, QUEUED, PEAK_ACTIVE FROM TABLE(SQLML.DM_EXTERNAL_RESOURCE_POOLS()) T WHERE NAME = '"
                        + name + "'")) {
            assertTrue(rs.next(), "pool " + name + " is listed");
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not reached in 10 s");
    }
}
