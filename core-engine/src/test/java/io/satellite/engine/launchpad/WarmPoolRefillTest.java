package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the warm pool refills, on the real sandboxed R pool: not beside running jobs while it
 * still has workers to give, but once they are done; at once, jobs or not, when it runs out.
 */
@Timeout(120)
class WarmPoolRefillTest {
    private static final int SIZE = EngineOptions.DEFAULT_POOL_SIZE;

    @TempDir
    Path dir;

    @Test
    void aPoolRefillsOnceItsJobsAreDoneAndAtOnceWhenItRunsOut() throws Exception {
        try (Engine engine = TestEngines.startEnabled(dir)) {
            PooledLaunchpad launchpad = (PooledLaunchpad) engine.launchpad();
            org.junit.jupiter.api.Assumptions.assumeTrue(launchpad.forksFromZygote("R"),
                    "R's pool holds whole runtimes here: " + launchpad.uidPerWorker());
            awaitReady(launchpad, SIZE, "the pool fills");

            Worker running = launchpad.acquire("R");
            try {
                Thread.sleep(1500); // past a housekeeping round (once a second)
                assertEquals(SIZE - 1, launchpad.readyWorkers("R"), "no refill while a job runs and the pool has workers");
            } finally {
                running.close();
            }
            awaitReady(launchpad, SIZE, "refilled once the job was done");

            List<Worker> all = new ArrayList<>();
            try {
                for (int i = 0; i < SIZE; i++) {
                    all.add(launchpad.acquire("R"));
                }
                assertTrue(launchpad.readyWorkers("R") < SIZE, "the jobs took the pool's workers");
                awaitReady(launchpad, SIZE, "an emptied pool refills while its jobs still run");
            } finally {
                all.forEach(Worker::close);
            }
        }
    }

    private static void awaitReady(PooledLaunchpad launchpad, int n, String what) throws InterruptedException {
        for (int i = 0; i < 600 && launchpad.readyWorkers("R") < n; i++) {
            Thread.sleep(100);
        }
        assertEquals(n, launchpad.readyWorkers("R"), what);
    }
}
