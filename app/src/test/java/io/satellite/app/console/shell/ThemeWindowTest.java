package io.satellite.app.console.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.WindowPlatform;
import java.awt.Color;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The theme button switches every view, charts included, to dark and back. */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class ThemeWindowTest {
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
    void darkAndBackAgain(FxRobot robot) throws Exception {
        console.showShell(robot, "dashboard");
        Button toggle = robot.lookup("#theme-toggle").queryAs(Button.class);
        assertEquals("Dark theme", toggle.getText());
        Region content = robot.lookup(".view-header").queryAs(Region.class);
        javafx.scene.paint.Paint lightHeader = content.getBackground().getFills().get(0).getFill();
        ChartViewer chart = robot.lookup("#host-cpu-chart").queryAs(ChartViewer.class);
        assertEquals(Color.WHITE, chart.getChart().getBackgroundPaint());

        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Light theme", toggle.getText());
        assertTrue(console.stage().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css")));
        assertTrue(console.stage().getScene().getRoot().getStyleClass().contains("theme-dark"));
        assertFalse(lightHeader.equals(content.getBackground().getFills().get(0).getFill()));
        assertEquals(new Color(0x1f2430), chart.getChart().getBackgroundPaint());
        robot.clickOn("#nav-jobs");
        WaitForAsyncUtils.waitForFxEvents();
        ChartViewer detail = robot.lookup("#detail-cpu-chart").queryAs(ChartViewer.class);
        assertEquals(new Color(0x1f2430), detail.getChart().getBackgroundPaint(), "a view opened later is dark too");

        robot.clickOn("#theme-toggle");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(console.stage().getScene().getStylesheets().stream().anyMatch(s -> s.endsWith("dark.css")));
        assertEquals(Color.WHITE, detail.getChart().getBackgroundPaint());
        assertEquals(lightHeader, content.getBackground().getFills().get(0).getFill());
    }
}
