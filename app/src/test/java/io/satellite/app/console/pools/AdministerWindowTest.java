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

    /** A pool of one process, the administrator classified into it: the second job waits in the queue. */
    @Test
    void aPoolOfOneProcessQueuesTheSecondJob(FxRobot robot) throws Exception {
        console.showShell(robot, "pools");
        TableView<PoolRow> pools = robot.lookup("#pools").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !pools.getItems().isEmpty());
        robot.clickOn("#pool-name").write("ep_one", 0);
        robot.clickOn("#pool-processes").write("1", 0);
        robot.clickOn("#pool-create");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> row(pools, "EP_ONE") != null);
        robot.clickOn("#classify-principal").write("admin", 0);
        robot.interact(() -> robot.lookup("#classify-pool").<String>queryComboBox().setValue("EP_ONE"));
        robot.clickOn("#classify-apply");
        TableView<?> rules = robot.lookup("#pool-classifier").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rules.getItems().size() == 1);

        var first = console.engine().startJob(io.satellite.app.console.TestEngine.busyR(60));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> row(pools, "EP_ONE").active() == 1);
        var second = console.engine().startJob(io.satellite.app.console.TestEngine.busyR(1));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> row(pools, "EP_ONE").queued() == 1);
        assertEquals("1 of 1", row(pools, "EP_ONE").activeOfLimit());
        if (Boolean.getBoolean("screenshots")) {
            console.screenshot(Path.of("..", "screenshots", "pools-queue.png"));
        }
        robot.clickOn("#nav-jobs");
        TableView<io.satellite.app.console.jobs.JobRow> running = robot.lookup("#running-jobs").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> running.getItems().stream()
                .anyMatch(j -> "QUEUED".equals(j.job().state())));
        assertTrue(!second.isDone(), "the second job waits for the first");
        console.engine().admin().requests().ifPresent(r -> r.active().forEach(x -> r.kill(x.id(), "the test")));
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
    }

    private static PoolRow row(TableView<PoolRow> pools, String name) {
        return pools.getItems().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst().orElse(null);
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

        // validated as typed: a wrong value turns the field red and keeps Create and Alter off until it is fixed
        robot.clickOn("#pool-cpu").write("x", 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#pool-alter").queryButton().isDisabled());
        assertTrue(robot.lookup("#pool-create").queryButton().isDisabled());
        robot.clickOn("#pool-affinity").write("0-", 0);
        robot.type(javafx.scene.input.KeyCode.BACK_SPACE);
        robot.clickOn("#pool-cpu").type(javafx.scene.input.KeyCode.BACK_SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!robot.lookup("#pool-alter").queryButton().isDisabled());
        robot.clickOn("#pool-affinity").write("/7", 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#pool-alter").queryButton().isDisabled());

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
