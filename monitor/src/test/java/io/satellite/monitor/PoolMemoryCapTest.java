package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/** A job that takes its pool over MAX_MEMORY_PERCENT is alerted on, then killed, and its caller told why. */
class PoolMemoryCapTest {
    @TempDir
    Path dir;

    @Test
    void aJobOverItsPoolsMemoryCapIsKilledWithAnErrorNamingThePoolAndTheLimit() throws Exception {
        long hostMemory = new SystemInfo().getHardware().getMemory().getTotal();
        long cap = hostMemory / 100; // MAX_MEMORY_PERCENT = 1
        long allocate = cap + 200_000_000L;
        assumeTrue(allocate < 3_000_000_000L, "1% of this host's memory is too much for a worker's 4 GiB");
        List<PoolAlert> alerts = new CopyOnWriteArrayList<>();
        Engine engine = MonitoredEngine.start(dir.resolve("data"));
        try (ResourceMonitor monitor = ResourceMonitor.start(engine, MonitorOptions.defaults()
                .withInterval(Duration.ofMillis(200)))) {
            monitor.addListener(new MonitorListener() {
                @Override
                public void alert(PoolAlert alert) {
                    alerts.add(alert);
                }
            });
            try (Connection admin = engine.connectAsAdmin(); Statement s = admin.createStatement()) {
                s.execute("CALL SYSCS_UTIL.SYSCS_CREATE_USER('BOB', 'bobpw')");
                s.execute("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'BOB')");
                s.execute("CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_small', NULL, 1, NULL, NULL, 0, 10)");
                s.execute("CALL SQLML.CLASSIFY_EXTERNAL_POOL('bob', 'ep_small')");
            }
            try (Connection bob = engine.connect("bob", "bobpw")) {
                SQLException e = assertThrows(SQLException.class, () -> MonitoredEngine.runR(bob,
                        "x <- runif(" + allocate / 8 + "); Sys.sleep(60)"));
                assertEquals("38S09", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().contains("resource pool 'ep_small' is over its MAX_MEMORY_PERCENT = 1"),
                        e.getMessage());
            }
            // the same pool's next job, within its cap, runs
            try (Connection bob = engine.connect("bob", "bobpw")) {
                assertEquals(1, MonitoredEngine.runR(bob, "OutputDataSet <- data.frame(n = 1)").size());
            }
        } finally {
            engine.flushHistory();
            try (Connection admin = engine.connectAsAdmin(); Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT STATUS, ERROR_TEXT FROM SQLML.EXTERNAL_SCRIPT_HISTORY"
                         + " WHERE USER_NAME = 'BOB' ORDER BY REQUEST_ID")) {
                assertTrue(rs.next());
                assertEquals("CANCELLED", rs.getString(1));
                assertTrue(rs.getString(2).contains("MAX_MEMORY_PERCENT = 1"), "the history records why");
                assertTrue(rs.next());
                assertEquals("SUCCEEDED", rs.getString(1));
            }
            engine.close();
        }
        assertTrue(alerts.size() >= 2, alerts.toString());
        assertEquals(PoolAlert.Action.ALERT, alerts.get(0).action());
        PoolAlert kill = alerts.stream().filter(a -> a.action() == PoolAlert.Action.KILL).findFirst().orElseThrow();
        assertEquals("ep_small", kill.pool());
        assertEquals(PoolAlert.Resource.MEMORY, kill.resource());
        assertTrue(kill.used() > kill.limit());
    }
}
