package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm workers wait in the pool at the lowest priority, and a job runs at the engine's own:
 * checked on the real sandboxed R workers, as the job itself sees its nice value.
 */
class WarmUpPriorityTest {
    @TempDir
    Path dir;

    @Test
    void readyWorkersWaitAtNice19AndAJobRunsAtTheEnginesPriority() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "only a root engine's set-up helper (CAP_SYS_NICE) can give a worker its priority back");
        int engineNice = WarmUpPriority.niceOf(ProcessHandle.current().pid());
        assumeTrue(engineNice < WarmUpPriority.WARMING_NICE, "the engine itself runs at nice 19");
        try (Engine engine = TestEngines.startEnabled(dir)) {
            PooledLaunchpad launchpad = (PooledLaunchpad) engine.launchpad();
            awaitFullPool(launchpad);
            List<Long> warming = new ArrayList<>();
            for (long pid : launchpad.standby().pids()) {
                if (WarmUpPriority.niceOf(pid) == WarmUpPriority.WARMING_NICE) {
                    warming.add(pid);
                }
            }
            int ready = launchpad.readyWorkers("R") + launchpad.readyWorkers("Python");
            assertEquals(ready, warming.size(), "every ready worker (and nothing else the launchpad keeps, such as"
                    + " a zygote) waits at nice 19; at nice 19: " + warming);

            try (Connection c = engine.connectAsAdmin()) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(engineNice, jobNice(c), "job " + (i + 1) + " runs at the engine's priority");
                }
            }
            Set<Long> kept = launchpad.standby().pids();
            for (long pid : kept) {
                int nice = WarmUpPriority.niceOf(pid);
                assertTrue(nice == engineNice || nice == WarmUpPriority.WARMING_NICE,
                        "process " + pid + " of the launchpad has nice " + nice);
            }
        }
    }

    private static void awaitFullPool(PooledLaunchpad launchpad) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (launchpad.readyWorkers("R") == EngineOptions.DEFAULT_POOL_SIZE) {
                Thread.sleep(500); // other languages' pools fill alongside
                if (launchpad.readyWorkers("R") == EngineOptions.DEFAULT_POOL_SIZE) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the R pool did not fill: " + launchpad.readyWorkers("R") + " ready");
    }

    private static int jobNice(Connection c) throws Exception {
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?,?,?,?,?,?,?)")) {
            cs.setString(1, "R");
            cs.setString(2, "OutputDataSet <- data.frame(nice = tools::psnice())");
            for (int i = 3; i <= 7; i++) {
                cs.setNull(i, java.sql.Types.VARCHAR);
            }
            assertTrue(cs.execute(), "the job returns its nice value");
            try (ResultSet rs = cs.getResultSet()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }
}
