package io.satellite.engine.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's side of the monitor: the {@code ending} hook comes while the worker still
 * runs and before the history row; figures merged then are recorded; the usage board feeds
 * the usage DMV; a request can be cancelled with a reason the caller reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageHookTest {
    private static final long GIB = 1024L * 1024 * 1024;
    @TempDir
    static Path dir;
    private Engine engine;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_CREATE_USER('BOB', 'bobpw')");
            s.execute("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'BOB')");
        }
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    private static CompletableFuture<Void> runAsync(Connection c, String script) {
        return CompletableFuture.runAsync(() -> {
            try (Statement s = c.createStatement()) {
                s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '" + script + "', NULL, NULL, NULL, NULL, NULL)");
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static long usageRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()) T")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void endingComesWhileTheWorkerLivesAndItsFiguresReachTheHistoryAndTheDmv() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        RequestListener listener = new RequestListener() {
            @Override
            public void started(ExternalRequest r) {
                events.add("started");
                engine.requests().usage().post(new JobUsage(r.id(), r.pid(), Instant.now(), 42.5, 10, 1000, 2000,
                        3000, 40, 50, 3, 7, -1), r);
            }

            @Override
            public void ending(ExternalRequest r) {
                boolean alive = ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false);
                events.add("ending alive=" + alive);
                r.mergeUsage(987_654, 5 * GIB, 111, 222);
            }

            @Override
            public void finished(ExternalRequest r) {
                events.add("finished");
            }
        };
        engine.requests().addListener(listener);
        long id;
        try (Connection caller = engine.connectAsAdmin(); Connection admin = engine.connectAsAdmin();
             Connection bob = engine.connect("bob", "bobpw")) {
            CompletableFuture<Void> job = runAsync(caller, "Sys.sleep(3)");
            for (int i = 0; i < 100 && usageRows(admin) == 0; i++) {
                Thread.sleep(50);
            }
            try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT REQUEST_ID, USER_NAME,"
                    + " POOL_NAME, CPU_PERCENT, RESIDENT_BYTES, PEAK_RESIDENT_BYTES, PROCESSES, THREADS, OPEN_FILES"
                    + " FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()) T")) {
                assertTrue(rs.next(), "the posted sample shows");
                id = rs.getLong(1);
                assertEquals("ADMIN", rs.getString(2));
                assertEquals("default", rs.getString(3));
                assertEquals(42.5, rs.getDouble(4));
                assertEquals(1000, rs.getLong(5));
                assertEquals(2000, rs.getLong(6));
                assertEquals(3, rs.getInt(7));
                assertEquals(7, rs.getInt(8));
                rs.getLong(9);
                assertTrue(rs.wasNull(), "open files unknown is NULL");
                assertFalse(rs.next());
            }
            assertEquals(0, usageRows(bob), "bob does not see admin's job");
            job.get(60, TimeUnit.SECONDS);
            assertEquals(0, usageRows(admin), "a finished job leaves the DMV");
        } finally {
            engine.requests().removeListener(listener);
        }
        assertEquals(List.of("started", "ending alive=true", "finished"), events);
        engine.flushHistory();
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT CPU_MS, PEAK_RSS_BYTES, READ_BYTES, WRITTEN_BYTES FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V"
                        + " WHERE REQUEST_ID = " + id)) {
            assertTrue(rs.next());
            assertEquals(987_654, rs.getLong(1));
            assertEquals(5 * GIB, rs.getLong(2));
            assertEquals(111, rs.getLong(3));
            assertEquals(222, rs.getLong(4));
        }
    }

    @Test
    void mergedUsageKeepsTheLargerFigure() {
        ExternalRequest r = new ExternalRequest(1, "U", "R", "default", "", null);
        r.recordUsage(500, 1000);
        r.mergeUsage(300, 4000, 10, 0);
        r.recordUsage(400, 100); // a second worker of a parallel request: its CPU time adds up
        assertEquals(900, r.cpuMillis());
        r.mergeUsage(850, 0, 0, 0);
        assertEquals(900, r.cpuMillis(), "the monitor's figure counts only if larger");
        assertEquals(4000, r.peakResidentBytes());
        assertEquals(10, r.readBytes());
    }

    @Test
    void aCancelledRequestTellsTheCallerWhy() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            CompletableFuture<Void> job = runAsync(c, "Sys.sleep(30)");
            long id = 0;
            for (int i = 0; i < 100 && id == 0; i++) {
                id = engine.requests().active().stream().filter(r -> r.pid() > 0).mapToLong(ExternalRequest::id)
                        .findFirst().orElse(0);
                Thread.sleep(50);
            }
            assertTrue(engine.requests().cancel(id, "resource pool 'default' is over its MAX_MEMORY_PERCENT"));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> job.get(30, TimeUnit.SECONDS));
            SQLException cause = (SQLException) e.getCause().getCause();
            assertEquals("38S09", cause.getSQLState());
            assertTrue(cause.getMessage().contains("over its MAX_MEMORY_PERCENT"), cause.getMessage());
            assertFalse(engine.requests().cancel(id, "again"), "no longer active");
        }
    }
}
