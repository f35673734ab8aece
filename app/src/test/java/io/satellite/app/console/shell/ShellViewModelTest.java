package io.satellite.app.console.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status bar and the failed-job notifications on a real engine, no display. */
class ShellViewModelTest {
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

    @Test
    void statusBarSaysWhoWhereAndWhetherScriptsAreOnAndFailedJobsAreNotified() throws Exception {
        List<String> notices = new ArrayList<>();
        ShellViewModel vm = new ShellViewModel(new SynchronousExecutor(), engine.admin(),
                (level, title, text) -> notices.add(level + " " + title + ": " + text));
        assertEquals("ADMIN", vm.userProperty().get());
        assertTrue(vm.engineProperty().get().startsWith("Embedded engine · "), vm.engineProperty().get());
        vm.refresh();
        assertEquals("External scripts: ON", vm.scriptsProperty().get());
        assertEquals("0 jobs running", vm.jobsProperty().get());

        assertEquals("38S01", engine.startJob("stop('boom')").get(60, TimeUnit.SECONDS).getSQLState());
        long deadline = System.currentTimeMillis() + 30_000;
        while (notices.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            vm.refresh();
        }
        assertEquals(1, notices.size(), notices::toString);
        assertTrue(notices.get(0).matches("ERROR Request \\d+ failed \\(ADMIN\\): .*boom.*"), notices.get(0));

        try (Connection c = engine.admin().openConnection(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 0)");
            s.execute("CALL SQLML.RECONFIGURE()");
            vm.refresh();
            assertEquals("External scripts: OFF", vm.scriptsProperty().get());
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        vm.refresh();
        assertEquals(1, notices.size(), "an old failure is not notified twice");
    }

    @Test
    void theRegistryKeepsOrderAndRefusesADuplicateId() {
        ViewRegistry r = ViewRegistry.standard();
        assertEquals(List.of("dashboard", "jobs", "query", "security", "packages", "pools", "settings", "audit"),
                r.features().stream().map(ConsoleFeature::id).toList());
        assertEquals(List.of("Monitor", "Develop", "Administer"), r.sections());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> r.register(new io.satellite.app.console.jobs.JobsFeature()));
        assertEquals("a view with id 'jobs' is registered already", e.getMessage());
    }
}
