package io.satellite.app.console.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.WindowPlatform;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
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

/**
 * The query window in the real console on a real engine: type, press F5 (or Ctrl+Enter), see
 * R's rows in the grid and its output in Messages; errors with their line; Cancel kills R.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class QueryWindowTest {
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

    private Label ready(FxRobot robot) throws Exception {
        console.showShell(robot, "query");
        Label status = robot.lookup("#status-text").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().equals("Ready"));
        return status;
    }

    @Test
    void f5RunsAnRScriptAndShowsItsRowsAndOutput(FxRobot robot) throws Exception {
        Label status = ready(robot);
        TextArea editor = robot.lookup("#sql-editor").queryAs(TextArea.class);
        robot.interact(() -> editor.setText(""));
        robot.clickOn("#sql-editor");
        robot.write("EXEC sp_execute_external_script @language = N'R',\n"
                + "  @script = N'print(\"squares\"); OutputDataSet <- data.frame(x = 1:3, sq = (1:3)^2)'\n"
                + "WITH RESULT SETS ((x INT, sq FLOAT));\n"
                + "EXEC sp_configure 'external scripts enabled';", 0);
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

        robot.clickOn("Messages");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<Message> messages = robot.lookup("#messages").queryListView();
        assertEquals(List.of(Message.output("[1] \"squares\""), Message.info("(3 rows affected)"),
                Message.info("(1 row affected)")), messages.getItems());

        robot.clickOn("History");
        WaitForAsyncUtils.waitForFxEvents();
        ListView<String> history = robot.lookup("#history").queryListView();
        assertEquals(1, history.getItems().size());
        assertTrue(history.getItems().get(0).startsWith("EXEC sp_execute_external_script"), history.getItems().get(0));
    }

    @Test
    void aFailingStatementShowsItsLineAndCtrlEnterRunsTheSelection(FxRobot robot) throws Exception {
        Label status = ready(robot);
        TextArea editor = robot.lookup("#sql-editor").queryAs(TextArea.class);
        robot.interact(() -> editor.setText("VALUES 1;\nSELECT * FROM SYS.nowhere;"));
        robot.clickOn("#sql-editor");
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query completed with errors"));
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("#output-tabs").queryAs(TabPane.class);
        assertEquals("Messages", tabs.getSelectionModel().getSelectedItem().getText());
        ListView<Message> messages = robot.lookup("#messages").queryListView();
        assertEquals(List.of(Message.info("(1 row affected)"),
                Message.error("Error 42X05 in statement 2: line 2, column 1: Table/View 'SYS.NOWHERE' does not exist.")),
                messages.getItems());

        robot.interact(() -> editor.selectRange(0, "VALUES 1".length()));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query executed successfully"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Results", tabs.getSelectionModel().getSelectedItem().getText());
        assertEquals(List.of(List.of("1")), robot.lookup("#result-grid-1").queryTableView().getItems());
    }

    @Test
    void cancelKillsTheRunningScriptAndSkipsTheRestOfTheBatch(FxRobot robot) throws Exception {
        Label status = ready(robot);
        TextArea editor = robot.lookup("#sql-editor").queryAs(TextArea.class);
        robot.interact(() -> editor.setText("EXEC sp_execute_external_script @language = N'R', @script = N'"
                + TestEngine.busyR(120).replace("'", "''") + "';\nVALUES 'not reached';"));
        robot.clickOn("#run-button");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> activeRequests() == 1);
        robot.clickOn("#cancel-button");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query cancelled"));
        WaitForAsyncUtils.waitForFxEvents();
        ListView<Message> messages = robot.lookup("#messages").queryListView();
        List<String> texts = messages.getItems().stream().map(Message::text).toList();
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Cancel: killed external script request ")), texts::toString);
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Error 38S09 in statement 1")), texts::toString);
        assertTrue(robot.lookup("#result-grids").queryAs(javafx.scene.layout.VBox.class).getChildren().isEmpty());
        assertEquals(0, activeRequests());
    }

    private int activeRequests() throws SQLException {
        try {
            return console.engine().admin().requests().orElseThrow().active().size();
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
