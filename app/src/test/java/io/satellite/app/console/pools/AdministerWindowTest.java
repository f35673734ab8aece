package io.satellite.app.console.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.WindowPlatform;
import io.satellite.app.console.audit.AuditEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Administer views in the window: a pool created through the form shows in the table and in the audit log. */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class AdministerWindowTest {
    @TempDir
    Path tmp;
    private ConsoleFixture console;

    @Start
    void start(Stage stage) {
        console = new ConsoleFixture(tmp, stage);
    }

    @AfterEach
    void shutdown() throws Exception {
        console.close();
    }

    @Test
    void aPoolCreatedInTheFormIsListedAndAudited(FxRobot robot) throws Exception {
        console.showShell(robot, "pools");
        TableView<PoolRow> pools = robot.lookup("#pools").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !pools.getItems().isEmpty());
        robot.clickOn("#pool-name").write("ep_window", 0);
        robot.clickOn("#pool-cpu").write("35", 0);
        robot.clickOn("#pool-processes").write("2", 0);
        robot.clickOn("#pool-create");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> pools.getItems().stream().anyMatch(p -> p.name().equalsIgnoreCase("ep_window")));
        PoolRow p = pools.getItems().stream().filter(r -> r.name().equalsIgnoreCase("ep_window")).findFirst().orElseThrow();
        assertEquals(35, p.maxCpuPercent());
        assertEquals(2, p.maxProcesses());

        robot.clickOn("#pool-cpu").write("x", 0);
        robot.clickOn("#pool-alter");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("MAX_CPU_PERCENT must be a whole number: '35x'",
                robot.lookup("#pool-error").queryAs(Label.class).getText());

        robot.clickOn("#nav-audit");
        TableView<AuditEntry> audit = robot.lookup("#audit-events").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> audit.getItems().stream()
                .anyMatch(e -> "CREATE ep_window".equals(e.detail())));
        robot.clickOn("#nav-security");
        robot.clickOn("#nav-settings");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#scripts-toggle").queryButton()
                .getText().equals("Disable external scripts"));
        List<String> titles = List.of("Security", "Resource pools", "Runtimes & settings", "Audit");
        for (String t : titles) {
            assertTrue(robot.lookup(".nav-button").queryAll().stream()
                    .anyMatch(n -> t.equals(((javafx.scene.control.ToggleButton) n).getText())), t);
        }
    }
}
