package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every worker of a partitioned request is watched and counted in its pool, not only the first. */
class PartitionedRunMonitorTest {
    @TempDir
    Path dir;

    @Test
    void thePartsRunningAtOnceAreAllSummedIntoThePool() throws Exception {
        assumeTwoCores();
        AtomicInteger mostJobs = new AtomicInteger();
        Engine engine = MonitoredEngine.start(dir.resolve("data"));
        try (ResourceMonitor monitor = ResourceMonitor.start(engine, MonitorOptions.defaults()
                .withInterval(Duration.ofMillis(200)))) {
            monitor.addListener(new MonitorListener() {
                @Override
                public void poolSampled(PoolSample pool) {
                    mostJobs.accumulateAndGet(pool.jobs(), Math::max);
                }
            });
            try (Connection admin = engine.connectAsAdmin(); Statement s = admin.createStatement()) {
                s.execute("CREATE TABLE GROUPS (G INT)");
                s.execute("INSERT INTO GROUPS VALUES (1), (2), (3), (4)");
                try (CallableStatement cs = admin.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX('R',"
                        + " 'Sys.sleep(2); OutputDataSet <- InputDataSet', 'SELECT G FROM GROUPS', NULL, NULL, NULL,"
                        + " NULL, 0, 'G', NULL)")) {
                    cs.execute();
                }
            }
        } finally {
            engine.close();
        }
        assertTrue(mostJobs.get() >= 2, "the pool was seen with at most " + mostJobs.get() + " worker(s)");
    }

    private static void assumeTwoCores() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "parts run at once only with two CPUs or more");
    }
}
