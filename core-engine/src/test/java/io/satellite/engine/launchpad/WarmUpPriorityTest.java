package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warm workers warm up in the pool at the lowest priority; once warm, or taken by a job, they
 * run at the engine's own: checked on the real sandboxed R workers, and as a job sees its nice value.
 */
class WarmUpPriorityTest {
    @TempDir
    Path dir;

    @Test
    void workersWarmUpAtNice19AndGetTheEnginesPriorityOnceWarmOrTaken() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "only a root engine's set-up helper (CAP_SYS_NICE) can give a worker its priority back");
        int engineNice = WarmUpPriority.niceOf(ProcessHandle.current().pid());
        assumeTrue(engineNice < WarmUpPriority.WARMING_NICE, "the engine itself runs at nice 19");
        try (Engine engine = TestEngines.startEnabled(dir)) {
            PooledLaunchpad launchpad = (PooledLaunchpad) engine.launchpad();
            awaitFullPool(launchpad);
            // the pool refills as the jobs take its workers: its new workers warm up at nice 19 (R's
            // warm-up takes tens of ms of CPU). Watched from before the first job, by time: on an idle
            // host the refills are warm before the last of the jobs returns.
            Set<Long> seenWarming = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (watching.get()) {
                    for (long pid : launchpad.standby().pids()) {
                        if (nice(pid) == WarmUpPriority.WARMING_NICE && !waitingForJob(pid)) {
                            seenWarming.add(pid);
                        }
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a warm-up lasts tens of ms
                }
            }, "warm-up-watcher");
            watcher.setDaemon(true);
            watcher.start();
            try (Connection c = engine.connectAsAdmin()) {
                for (int i = 0; i < EngineOptions.DEFAULT_POOL_SIZE; i++) {
                    assertEquals(engineNice, jobNice(c), "job " + (i + 1) + " runs at the engine's priority");
                }
            }
            long watchUntil = System.nanoTime() + 30_000_000_000L;
            while (seenWarming.isEmpty() && System.nanoTime() < watchUntil) {
                Thread.sleep(10);
            }
            watching.set(false);
            watcher.join(5_000);
            assertFalse(seenWarming.isEmpty(), "a refill's worker was seen warming up at nice 19");
            awaitFullPool(launchpad);
            for (long pid : seenWarming) {
                awaitNice(pid, engineNice, "a worker that has warmed up gets the engine's priority back");
            }
            for (long pid : launchpad.standby().pids()) {
                assertEquals(engineNice, nice(pid), "process " + pid + " of the warm pool, once it is full and warm"
                        + " (waiting for its job: " + waitingForJob(pid) + ")");
            }
        }
    }

    private static int nice(long pid) {
        try {
            return WarmUpPriority.niceOf(pid);
        } catch (IOException | RuntimeException e) {
            return Integer.MIN_VALUE; // gone
        }
    }

    private static boolean waitingForJob(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "wchan")).strip().equals("wait_for_partner");
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitNice(long pid, int nice, String what) throws InterruptedException {
        for (int i = 0; i < 300 && nice(pid) != nice && nice(pid) != Integer.MIN_VALUE; i++) {
            Thread.sleep(100);
        }
        int now = nice(pid);
        assertTrue(now == nice || now == Integer.MIN_VALUE, what + ": worker " + pid + " has nice " + now
                + " (waiting for its job: " + waitingForJob(pid) + ")");
    }

    /** Waits (up to a minute) until the R pool is full and no worker it keeps is at nice 19 any more. */
    private static void awaitFullPool(PooledLaunchpad launchpad) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        long warming = -1;
        while (System.nanoTime() < deadline) {
            if (launchpad.readyWorkers("R") == EngineOptions.DEFAULT_POOL_SIZE) {
                Thread.sleep(500); // other languages' pools fill alongside
                warming = launchpad.standby().pids().stream()
                        .filter(pid -> nice(pid) == WarmUpPriority.WARMING_NICE).count();
                if (launchpad.readyWorkers("R") == EngineOptions.DEFAULT_POOL_SIZE && warming == 0) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the R pool did not fill and warm up in a minute: " + launchpad.readyWorkers("R")
                + " ready, " + warming + " process(es) of the pool still at nice 19");
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
