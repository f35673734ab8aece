package io.satellite.app.console.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.WindowPlatform;
import io.satellite.app.console.query.Message;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
 * The permission grid in the window: an administrator creates a login and grants it EXECUTE ANY
 * EXTERNAL SCRIPT with one click; that user logs in and runs an R script (and sees Security
 * read-only); the administrator revokes it; the user's next script is refused with the
 * engine's message.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class SecurityWindowTest {
    private static final String CAROL_PASSWORD = "carols-password";
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
    void grantInTheGridThenRunAsThatUserThenRevokeAndSeeTheRefusal(FxRobot robot) throws Exception {
        console.showShell(robot, "security");
        TableView<Principal> grid = robot.lookup("#permission-grid").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !grid.getItems().isEmpty());
        robot.clickOn("#security-login").write("carol", 0);
        robot.clickOn("#security-password").write(CAROL_PASSWORD, 0);
        robot.clickOn("#security-create-login");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> row(grid, "CAROL") != null);
        assertEquals(false, row(grid, "CAROL").effective(SecurityViewModel.SCRIPTS).allowed());

        robot.clickOn(shown(robot, "#grant-CAROL"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> "GRANT".equals(row(grid, "CAROL").scripts()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shown(robot, "#grant-CAROL").getStyleClass().contains("segment-on"));
        if (Boolean.getBoolean("screenshots")) {
            console.screenshot(Path.of("..", "screenshots", "security-grid.png"));
        }
        assertEquals("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'CAROL')",
                robot.lookup("#security-statements").<String>queryListView().getItems().get(0));
        assertEquals("granted to user CAROL", row(grid, "CAROL").effective(SecurityViewModel.SCRIPTS).reason());

        ConsoleFixture.logOutAndInAs(robot, "carol", CAROL_PASSWORD);
        assertEquals("User CAROL", robot.lookup("#status-user").queryAs(Label.class).getText());
        Label status = runR(robot, "OutputDataSet <- data.frame(answer = 6L * 7L)");
        assertTrue(status.getText().startsWith("Query executed successfully"), status.getText());
        assertEquals(List.of(List.of("42")), robot.lookup("#result-grid-1").queryTableView().getItems());

        // Carol sees her own row, read-only
        robot.clickOn("#nav-security");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#security-read-only").queryAs(Label.class).isVisible());
        TableView<Principal> own = robot.lookup("#permission-grid").queryTableView();
        assertEquals(List.of("CAROL"), own.getItems().stream().map(Principal::name).toList());
        assertTrue(shown(robot, "#revoke-CAROL").isDisabled());
        assertTrue(shown(robot, "#role-RPKGS_USERS-CAROL").isDisabled());
        assertTrue(robot.lookup("#security-create-login").queryButton().isDisabled());

        ConsoleFixture.logOutAndInAs(robot, "admin", TestEngine.PASSWORD);
        robot.clickOn("#nav-security");
        TableView<Principal> again = robot.lookup("#permission-grid").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> row(again, "CAROL") != null);
        robot.clickOn(shown(robot, "#revoke-CAROL"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> row(again, "CAROL").scripts() == null);
        assertEquals(false, row(again, "CAROL").effective(SecurityViewModel.SCRIPTS).allowed());

        ConsoleFixture.logOutAndInAs(robot, "carol", CAROL_PASSWORD);
        status = runR(robot, "OutputDataSet <- data.frame(answer = 6L * 7L)");
        assertTrue(status.getText().startsWith("Query completed with errors"), status.getText());
        ListView<Message> messages = robot.lookup("#messages").queryListView();
        Message refusal = messages.getItems().get(messages.getItems().size() - 1);
        assertEquals(Message.Kind.ERROR, refusal.kind());
        assertTrue(refusal.text().contains("38S11") && refusal.text().contains("does not have the EXECUTE ANY EXTERNAL"
                + " SCRIPT permission"), refusal.text());
    }

    /** The node with this id that is on screen (a table keeps spare cells off screen). */
    private static javafx.scene.Node shown(FxRobot robot, String id) throws Exception {
        java.util.function.Predicate<javafx.scene.Node> onScreen = n -> {
            for (javafx.scene.Node a = n; a != null; a = a.getParent()) {
                if (!a.isVisible()) {
                    return false;
                }
            }
            return n.getScene() != null;
        };
        // the table may re-create its cells once more after new rows arrive: wait until the node stays
        javafx.scene.Node[] last = {null};
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            javafx.scene.Node before = last[0];
            WaitForAsyncUtils.waitForFxEvents();
            Thread.sleep(200);
            last[0] = robot.lookup(id).match(onScreen).tryQuery().orElse(null);
            return last[0] != null && last[0] == before;
        });
        return last[0];
    }

    private static Principal row(TableView<Principal> grid, String name) {
        return grid.getItems().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static Label runR(FxRobot robot, String script) throws Exception {
        robot.clickOn("#nav-query");
        Label status = robot.lookup("#status-text").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().equals("Ready"));
        TextArea editor = robot.lookup("#sql-editor").queryAs(TextArea.class);
        robot.interact(() -> editor.setText("EXEC sp_execute_external_script @language = N'R', @script = N'" + script
                + "';"));
        robot.clickOn("#sql-editor");
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query executed")
                || status.getText().startsWith("Query completed with errors"));
        WaitForAsyncUtils.waitForFxEvents();
        return status;
    }
}
