package io.satellite.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.EngineOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
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
 * The real window on a real engine (Xvfb or headless Monocle): type, press F5 (or Ctrl+Enter), see R's rows in
 * the grid or the error in Messages; saves the window as screenshots/console-query.png.
 */
@ExtendWith(ApplicationExtension.class)
class QueryWindowTest {
    static final Path SCREENSHOT = Path.of("..", "screenshots", "console-query.png");
    /** Typed after the prefilled example: the configuration it changed, as a second result set. */
    private static final String TYPED = "\nEXEC sp_configure 'external scripts enabled';";

    @TempDir
    Path tmp;
    private EngineHost host;
    private FxBackgroundExecutor executor;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        host = new EngineHost(EngineOptions.fromEnvironment(tmp.resolve("satellite-data"), System.getenv())
                .withAdminPassword("pw"));
        executor = new FxBackgroundExecutor();
        ConsoleWindow.show(stage, new QueryViewModel(executor, host));
    }

    @AfterEach
    void shutdown() throws Exception {
        executor.shutdown(Duration.ofSeconds(30));
        host.close();
    }

    @Test
    @EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
    void f5RunsTheExampleWithATypedStatementAndShowsTheRows(FxRobot robot) throws Exception {
        Label status = robot.lookup("#status-text").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().equals("Ready"));

        robot.clickOn("#sql-editor");
        robot.press(KeyCode.CONTROL, KeyCode.END).release(KeyCode.END, KeyCode.CONTROL);
        robot.write(TYPED, 0);
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> status.getText().startsWith("Query executed successfully"));
        WaitForAsyncUtils.waitForFxEvents();

        TableView<List<String>> squares = robot.lookup("#result-grid-1").queryTableView();
        assertEquals(List.of("", "x", "sq"), squares.getColumns().stream().map(c -> c.getText()).toList());
        assertEquals(List.of(List.of("1", "1"), List.of("2", "4"), List.of("3", "9")), squares.getItems());
        TableView<List<String>> settings = robot.lookup("#result-grid-2").queryTableView();
        assertEquals(List.of(List.of("external scripts enabled", "0", "1", "1", "1")), settings.getItems());
        TabPane tabs = robot.lookup("#output-tabs").queryAs(TabPane.class);
        assertEquals("Results", tabs.getSelectionModel().getSelectedItem().getText());
        assertTrue(status.getText().endsWith(" · 4 rows"), status.getText());
        saveScreenshot(SCREENSHOT);

        robot.clickOn("Messages");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<Message> messages = robot.lookup("#messages").queryListView();
        assertEquals(List.of(Message.output("Configuration option 'external scripts enabled' changed from 0 to 1."
                + " Run the RECONFIGURE statement to install."), Message.info("(3 rows affected)"),
                Message.info("(1 row affected)")), messages.getItems());
        saveScreenshot(Path.of("target", "console-query-messages.png"));
    }

    @Test
    @EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
    void aFailingStatementShowsItsErrorAndCtrlEnterRunsTheSelection(FxRobot robot) throws Exception {
        Label status = robot.lookup("#status-text").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().equals("Ready"));
        robot.clickOn("#sql-editor");
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.write("VALUES 1;\nSELECT * FROM SYS.nowhere;", 0);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query completed with errors"));
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("#output-tabs").queryAs(TabPane.class);
        assertEquals("Messages", tabs.getSelectionModel().getSelectedItem().getText());
        ListView<Message> messages = robot.lookup("#messages").queryListView();
        assertEquals(List.of(Message.info("(1 row affected)"),
                Message.error("Error 42X05 in statement 2: line 2, column 1: Table/View 'SYS.NOWHERE' does not exist.")), messages.getItems());
        saveScreenshot(Path.of("target", "console-query-error.png"));

        TextArea editor = robot.lookup("#sql-editor").queryAs(TextArea.class);
        robot.interact(() -> editor.selectRange(0, "VALUES 1".length()));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query executed successfully"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Results", tabs.getSelectionModel().getSelectedItem().getText());
        assertEquals(List.of(List.of("1")), robot.lookup("#result-grid-1").queryTableView().getItems());
    }

    private void saveScreenshot(Path file) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(30, TimeUnit.SECONDS);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(file.toAbsolutePath().getParent());
        assertTrue(ImageIO.write(png, "png", file.toFile()));
    }

}
