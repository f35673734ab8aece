package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool over MAX_CPU_PERCENT is throttled: a busy R job in a pool capped at a quarter of a
 * core gets about that (by R's own CPU clock); the same job uncapped is printed beside it.
 */
class PoolCpuCapTest {
    private static final String BUSY = "t0 <- proc.time()[[3]]; while (proc.time()[[3]] - t0 < 6) { x <- sum(runif(1e4)) }"
            + "\np <- proc.time(); OutputDataSet <- data.frame(share = (p[[1]] + p[[2]]) / (p[[3]] - t0))";
    @TempDir
    Path dir;

    @Test
    void aPoolOverItsCpuCapIsPausedPartOfTheTime() throws Exception {
        List<PoolAlert> alerts = new CopyOnWriteArrayList<>();
        Engine engine = MonitoredEngine.start(dir.resolve("data"));
        try (ResourceMonitor monitor = ResourceMonitor.start(engine, MonitorOptions.defaults()
                .withInterval(Duration.ofMillis(250)))) {
            monitor.addListener(new MonitorListener() {
                @Override
                public void alert(PoolAlert alert) {
                    alerts.add(alert);
                }
            });
            int cores = Runtime.getRuntime().availableProcessors();
            int cap = Math.max(1, 25 / cores); // a quarter of one core, in percent of the host
            try (Connection admin = engine.connectAsAdmin(); Statement s = admin.createStatement()) {
                s.execute("CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_slow', " + cap + ", NULL, NULL, NULL, 0, 10)");
            }
            double free;
            double capped;
            try (Connection admin = engine.connectAsAdmin()) {
                free = MonitoredEngine.runR(admin, BUSY).get(0)[0];
                try (Statement s = admin.createStatement()) {
                    s.execute("CALL SQLML.CLASSIFY_EXTERNAL_POOL('admin', 'ep_slow')");
                }
                capped = MonitoredEngine.runR(admin, BUSY).get(0)[0];
            }
            System.out.printf("busy R job: %.0f%% of a core uncapped, %.0f%% under MAX_CPU_PERCENT = %d (%d cores)%n",
                    free * 100, capped * 100, cap, cores);
            // the cap is a quarter of a core: with nothing paused the job would take a whole core
            // (less on a loaded machine, which can only make it smaller still)
            assertTrue(capped < 0.45, "capped at " + capped + " of a core (uncapped " + free + ")");
            PoolAlert throttled = alerts.stream().filter(a -> a.action() == PoolAlert.Action.THROTTLE).findFirst()
                    .orElseThrow(() -> new AssertionError("no throttle alert: " + alerts));
            assertEquals("ep_slow", throttled.pool());
            assertTrue(throttled.message().contains("paused"), throttled.message());
        } finally {
            engine.close();
        }
    }
}
