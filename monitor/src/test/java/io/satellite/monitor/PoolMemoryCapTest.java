package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/**
 * Jobs that together take their pool over MAX_MEMORY_PERCENT: the largest is killed, its
 * caller told why, and the other runs on. (One job alone over the pool's share fails sooner:
 * each worker's address space is limited to the share, see PoolLimitsTest.)
 */
class PoolMemoryCapTest {
    @TempDir
    Path dir;

    private static CompletableFuture<String> runAsync(Engine engine, String script) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection bob = engine.connect("bob", "bobpw")) {
                MonitoredEngine.runR(bob, script);
                return "ok";
            } catch (SQLException e) {
                return e.getSQLState() + ": " + e.getMessage();
            }
        });
    }

    @Test
    void jobsOverTheirPoolsMemoryCapTogetherLoseTheLargest() throws Exception {
        long hostMemory = new SystemInfo().getHardware().getMemory().getTotal();
        long cap = hostMemory / 100 * 3; // MAX_MEMORY_PERCENT = 3
        long each = cap * 6 / 10; // two are over the cap, one alone is not
        assumeTrue(each + 200_000_000L < 3_000_000_000L, "3% of this host's memory is too much for a worker's 4 GiB");
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
                s.execute("CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_small', NULL, 3, NULL, NULL, 0, 10)");
                s.execute("CALL SQLML.CLASSIFY_EXTERNAL_POOL('bob', 'ep_small')");
            }
            String script = "x <- runif(" + each / 8 + "); Sys.sleep(6); OutputDataSet <- data.frame(n = 1)";
            CompletableFuture<String> first = runAsync(engine, script);
            CompletableFuture<String> second = runAsync(engine, script);
            List<String> outcomes = List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
            assertEquals(1, outcomes.stream().filter("ok"::equals).count(), outcomes.toString());
            String killed = outcomes.stream().filter(o -> !o.equals("ok")).findFirst().orElseThrow();
            assertTrue(killed.startsWith("38S09") && killed.contains(
                    "resource pool 'ep_small' is over its MAX_MEMORY_PERCENT = 3"), killed);
        } finally {
            engine.flushHistory();
            List<String> statuses = new ArrayList<>();
            try (Connection admin = engine.connectAsAdmin(); Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT STATUS, ERROR_TEXT FROM SQLML.EXTERNAL_SCRIPT_HISTORY"
                         + " WHERE USER_NAME = 'BOB' ORDER BY STATUS")) {
                while (rs.next()) {
                    statuses.add(rs.getString(1));
                    if (rs.getString(1).equals("CANCELLED")) {
                        assertTrue(rs.getString(2).contains("MAX_MEMORY_PERCENT = 3"), "the history records why");
                    }
                }
            }
            engine.close();
            assertEquals(List.of("CANCELLED", "SUCCEEDED"), statuses);
        }
        assertTrue(alerts.size() >= 2, alerts.toString());
        assertEquals(PoolAlert.Action.ALERT, alerts.get(0).action());
        PoolAlert kill = alerts.stream().filter(a -> a.action() == PoolAlert.Action.KILL).findFirst().orElseThrow();
        assertEquals("ep_small", kill.pool());
        assertEquals(PoolAlert.Resource.MEMORY, kill.resource());
        assertTrue(kill.used() > kill.limit());
    }
}
