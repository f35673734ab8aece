package io.satellite.app.console.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtimes and settings on a real engine: the configuration, the sandbox probe, the scripts switch. */
class SettingsViewModelTest {
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
    void showsTheConfigurationAndTheSandboxAndSwitchesScripts() throws Exception {
        SettingsViewModel vm = new SettingsViewModel(new SynchronousExecutor(), engine.admin());
        vm.refresh();
        SettingsViewModel.Reading r = vm.readingProperty().get();
        assertEquals(List.of("NAME", "VALUE", "VALUE_IN_USE", "MINIMUM", "MAXIMUM", "DESCRIPTION", "IS_DYNAMIC"),
                r.configuration().columns());
        assertTrue(r.configuration().rows().stream().anyMatch(row -> row.get(0).equals("outbound network access")
                && row.get(2).equals("0") && row.get(6).equals("0")), r.configuration().rows()::toString);
        assertTrue(r.configuration().rows().stream().anyMatch(row -> row.get(0).equals("external scripts enabled")
                && row.get(2).equals("1")));
        assertTrue(vm.scriptsEnabledProperty().get());
        assertFalse(r.sandbox().rows().isEmpty());
        assertTrue(r.sandbox().rows().stream().allMatch(row -> row.get(1).equals("YES") || row.get(1).equals("NO")));

        vm.configure("outbound network access", 1);
        assertEquals("Ran EXEC sp_configure 'outbound network access', 1. Configuration option"
                + " 'outbound network access' changed from 0 to 1. It takes effect when the engine next starts.",
                vm.messageProperty().get());
        assertTrue(vm.readingProperty().get().configuration().rows().stream().anyMatch(row ->
                row.get(0).equals("outbound network access") && row.get(1).equals("1") && row.get(2).equals("0")));
        vm.configure("outbound network access", 0);

        vm.setScriptsEnabled(false);
        assertFalse(vm.scriptsEnabledProperty().get());
        assertEquals("External scripts are disabled.", vm.messageProperty().get());
        assertEquals("38S02", engine.startJob("OutputDataSet <- data.frame(a = 1L)").get().getSQLState());
        vm.setScriptsEnabled(true);
        assertTrue(vm.scriptsEnabledProperty().get());
        assertEquals(null, engine.startJob("OutputDataSet <- data.frame(a = 1L)").get());
    }
}
