package io.satellite.app.console.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jobs view's logic on a real engine with real R jobs, no display. */
class JobsViewModelTest {
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

    private static JobsViewModel vm() throws Exception {
        return new JobsViewModel(new SynchronousExecutor(), engine.admin());
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
    void aRunningJobShowsWithSamplesAndCancelKillsIt() throws Exception {
        JobsViewModel vm = vm();
        CompletableFuture<SQLException> job = engine.startJob(TestEngine.busyR(120));
        waitFor("a sampled running job", () -> vm.running().size() == 1
                && vm.running().get(0).job().sampledAt() != null && vm.running().get(0).recentProperty().get().size() >= 2,
                vm::refresh);
        JobRow row = vm.running().get(0);
        assertEquals("ADMIN", row.job().user());
        assertEquals("R", row.job().language());
        assertEquals("default", row.job().pool());
        assertEquals("RUNNING", row.job().state());
        assertTrue(row.job().pid() > 0);
        assertTrue(row.job().residentBytes() > 1_000_000, () -> "RSS " + row.job().residentBytes());

        vm.selectRunning(row);
        JobDetail d = vm.detailProperty().get();
        assertNotNull(d);
        assertTrue(d.live());
        assertTrue(d.script().contains("runif(2e4)"), d.script());
        assertTrue(d.heading().startsWith("Request " + row.id() + " · R · ADMIN"), d.heading());
        int before = d.points().size();
        waitFor("more samples in the detail", () -> vm.detailProperty().get().points().size() > before, vm::refresh);

        vm.cancel(row.id());
        SQLException failure = job.get(60, TimeUnit.SECONDS);
        assertNotNull(failure, "the killed job should fail");
        assertEquals("38S09", failure.getSQLState());
        assertTrue(vm.messageProperty().get().startsWith("Request " + row.id() + " was killed"));
        waitFor("the job gone", () -> vm.running().isEmpty(), vm::refresh);
        waitFor("the history row", () -> vm.history().stream().anyMatch(j -> j.id() == row.id()), vm::refreshHistory);
        FinishedJob done = vm.history().stream().filter(j -> j.id() == row.id()).findFirst().orElseThrow();
        assertEquals("CANCELLED", done.status());
        vm.selectFinished(done);
        JobDetail after = vm.detailProperty().get();
        assertFalse(after.live());
        assertTrue(after.output().contains("KILL_EXTERNAL_SCRIPT"), after.output());
        assertTrue(after.points().size() >= 2, "the monitor's series of the ended job is kept");
        vm.stop();
    }

    @Test
    void theHistoryFiltersByStatusAndUser() throws Exception {
        JobsViewModel vm = vm();
        assertEquals(null, engine.startJob("OutputDataSet <- data.frame(a = 1L)").get(60, TimeUnit.SECONDS));
        SQLException boom = engine.startJob("stop('boom')").get(60, TimeUnit.SECONDS);
        assertEquals("38S01", boom.getSQLState());
        waitFor("two finished jobs", () -> vm.history().stream().filter(j -> !"CANCELLED".equals(j.status())).count() >= 2,
                vm::refreshHistory);
        vm.filterProperty().set(new HistoryFilter("", "FAILED", HistoryFilter.Range.LAST_HOUR));
        assertFalse(vm.history().isEmpty());
        assertTrue(vm.history().stream().allMatch(j -> j.status().equals("FAILED")));
        assertTrue(vm.history().get(0).error().contains("boom"), vm.history().get(0).error());
        vm.filterProperty().set(new HistoryFilter("nobody", null, HistoryFilter.Range.ALL));
        assertEquals(List.of(), vm.history());
        vm.filterProperty().set(new HistoryFilter("admin", "SUCCEEDED", HistoryFilter.Range.ALL));
        assertTrue(vm.history().stream().allMatch(j -> j.status().equals("SUCCEEDED") && j.user().equals("ADMIN")));
        assertFalse(vm.history().isEmpty());
        vm.stop();
    }
}
