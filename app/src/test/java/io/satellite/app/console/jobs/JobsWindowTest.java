package io.satellite.app.console.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.WindowPlatform;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Jobs view with a real R job: it appears, its detail chart fills with samples, and Cancel
 * (confirmed) kills it: the job's caller gets 38S09.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class JobsWindowTest {
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

    private static int points(ChartViewer viewer) {
        XYPlot plot = viewer.getChart().getXYPlot();
        return plot.getDataset().getItemCount(0);
    }

    @Test
    void theDetailChartFillsWithSamplesAndCancelKillsTheJob(FxRobot robot) throws Exception {
        CompletableFuture<SQLException> job = console.engine().startJob(TestEngine.busyR(120));
        console.showShell(robot, "jobs");
        TableView<JobRow> table = robot.lookup("#running-jobs").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.clickOn("ADMIN");
        ChartViewer cpu = robot.lookup("#detail-cpu-chart").queryAs(ChartViewer.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> points(cpu) >= 3);
        int before = points(cpu);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> points(cpu) > before);
        assertTrue(points(robot.lookup("#detail-memory-chart").queryAs(ChartViewer.class)) >= 3);
        long id = table.getItems().get(0).id();
        assertTrue(robot.lookup("#detail-heading").queryAs(Label.class).getText().startsWith("Request " + id + " · R"));

        robot.clickOn("#cancel-job");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#cancel-dialog").tryQuery().isPresent());
        robot.clickOn("Kill request");
        SQLException failure = job.get(60, TimeUnit.SECONDS);
        assertNotNull(failure);
        assertEquals("38S09", failure.getSQLState());
        assertTrue(failure.getMessage().contains("KILL_EXTERNAL_SCRIPT"), failure.getMessage());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().isEmpty());
        Label message = robot.lookup("#jobs-message").queryAs(Label.class);
        assertEquals("Request " + id + " was killed; its caller gets error 38S09.", message.getText());
    }

    @Test
    void keepRunningLeavesTheJobAlone(FxRobot robot) throws Exception {
        CompletableFuture<SQLException> job = console.engine().startJob(TestEngine.busyR(120));
        console.showShell(robot, "jobs");
        TableView<JobRow> table = robot.lookup("#running-jobs").queryTableView();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        robot.clickOn("ADMIN");
        robot.clickOn("#cancel-job");
        robot.clickOn("Keep running");
        Thread.sleep(2000);
        assertEquals(1, table.getItems().size());
        assertTrue(!job.isDone());
        robot.interact(() -> table.getSelectionModel().clearSelection());
        console.engine().admin().requests().orElseThrow().kill(table.getItems().get(0).id(), "test");
        assertEquals("38S09", job.get(60, TimeUnit.SECONDS).getSQLState());
    }
}
