package io.satellite.app.console.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's readings on a real engine with real R jobs, no display. */
class DashboardViewModelTest {
    @TempDir
    static Path tmp;
    static TestEngine engine;

    @BeforeAll
    static void boot() throws Exception {
        engine = new TestEngine(tmp);
        engine.admin();
    }

    @AfterAll
    static void shutdown() {
        engine.close();
    }

    static void waitFor(String what, BooleanSupplier condition, Runnable step) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            step.run();
            Thread.sleep(200);
        }
    }

    @Test
    void showsTheHostTheBusyJobItsPoolAndThenTheFinishedCounts() throws Exception {
        DashboardViewModel vm = new DashboardViewModel(new SynchronousExecutor(), engine.admin(), Clock.systemUTC());
        assertTrue(vm.hostKnown());
        assertNotNull(engine.startJob("stop('first fails')").get(60, TimeUnit.SECONDS));
        CompletableFuture<SQLException> job = engine.startJob(TestEngine.busyR(8));
        waitFor("the busy job on top", () -> vm.snapshotProperty().get() != null
                && vm.snapshotProperty().get().host() != null && !vm.snapshotProperty().get().topCpu().isEmpty(),
                vm::refresh);
        DashboardSnapshot s = vm.snapshotProperty().get();
        assertTrue(s.host().memoryTotalBytes() > 0);
        DashboardSnapshot.PoolUsage pool = s.pools().stream().filter(p -> p.name().equals("default")).findFirst()
                .orElseThrow();
        assertEquals(1, pool.active());
        assertTrue(pool.residentBytes() > 1_000_000);
        assertTrue(pool.cpuPercentOfHost() >= 0);
        assertEquals(s.topCpu().get(0).id(), s.topMemory().get(0).id());
        assertEquals("1 running", vm.jobsProperty().get());
        assertTrue(vm.hostCpuProperty().get().matches("[\\d.]+% of \\d+ CPUs"), vm.hostCpuProperty().get());

        assertEquals(null, job.get(60, TimeUnit.SECONDS));
        waitFor("two finished jobs this half hour", () -> vm.snapshotProperty().get().minutes().stream()
                .mapToInt(Throughput.Minute::finished).sum() == 2, vm::refresh);
        assertEquals("50%", vm.errorRateProperty().get());
        assertEquals("0 running", vm.jobsProperty().get());
    }
}
