package io.satellite.app.console.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.WindowPlatform;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
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

/**
 * Runtimes and settings in the window: Test runtime runs R and Python for real; the register
 * form is checked as it is typed. Then a user who is not an administrator walks through the
 * Administer views and finds each one read-only (or empty, with the reason), never a stack trace.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class SettingsWindowTest {
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
    void testRuntimeRunsEachLanguageAndTheRegisterFormIsValidatedAsTyped(FxRobot robot) throws Exception {
        console.showShell(robot, "settings");
        assertTrue(robot.lookup("#settings-where").queryAs(Label.class).getText()
                .startsWith("Data directory " + console.engine().target().display()));
        Label result = robot.lookup("#runtime-result").queryAs(Label.class);
        robot.clickOn("#runtime-test");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> result.getText().startsWith("R works"));
        robot.interact(() -> robot.lookup("#runtime-language").<String>queryComboBox().setValue("Python"));
        robot.clickOn("#runtime-test");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> result.getText().startsWith("Python works")
                || result.getText().startsWith("Python failed"));
        assertTrue(result.getText().startsWith("Python works"), result.getText());

        assertTrue(robot.lookup("#runtime-register").queryButton().isDisabled());
        robot.clickOn("#runtime-name").write("9julia", 0);
        robot.clickOn("#runtime-command").write("/usr/bin/julia {launcher}", 0);
        robot.clickOn("#runtime-launcher").write("/opt/worker.jl", 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#runtime-register").queryButton().isDisabled(), "a name must start with a letter");
        robot.interact(() -> robot.lookup("#runtime-name").queryTextInputControl().setText("julia"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#runtime-register").queryButton().isDisabled());
        robot.interact(() -> robot.lookup("#runtime-command").queryTextInputControl().setText("julia"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#runtime-register").queryButton().isDisabled(), "the command needs its absolute path");

        // an option of the next start: the range is checked as typed; applied, it waits for the restart
        javafx.scene.control.TextField outbound = robot.lookup("#option-outbound-network-access").queryAs(
                javafx.scene.control.TextField.class);
        robot.interact(() -> outbound.setText("2"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#apply-outbound-network-access").queryButton().isDisabled(), "2 is out of range");
        robot.interact(() -> outbound.setText("1"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#apply-outbound-network-access");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#in-use-outbound-network-access")
                .tryQuery().map(n -> ((Label) n).getText()).orElse("").equals("0 (restart to apply 1)"));
        if (Boolean.getBoolean("screenshots")) {
            console.screenshot(Path.of("..", "screenshots", "settings-validation.png"));
        }
    }

    /** The console's engine served on 127.0.0.1: a JDBC client logs in while it runs, and not after Stop. */
    @Test
    void theNetworkServerServesTheConsolesEngineUntilStopped(FxRobot robot) throws Exception {
        console.showShell(robot, "settings");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        javafx.scene.control.TextField field = robot.lookup("#server-port").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> field.setText("80"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#server-start").queryButton().isDisabled(), "ports below 1024 are refused as typed");
        robot.interact(() -> field.setText(String.valueOf(port)));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#server-start");
        Label state = robot.lookup("#server-state").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> state.getText().startsWith("Listening"));
        String url = state.getText().replaceAll(".*Clients connect to (\\S+) with.*", "$1");
        assertTrue(url.startsWith("jdbc:derby://127.0.0.1:" + port + "/"), url);
        try (Connection c = java.sql.DriverManager.getConnection(url, "admin", TestEngine.PASSWORD);
             Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("VALUES SESSION_USER")) {
            rs.next();
            assertEquals("ADMIN", rs.getString(1));
        }
        // the server belongs to the console's engine: after a log out and in, Settings shows it still running
        ConsoleFixture.logOutAndInAs(robot, "admin", TestEngine.PASSWORD);
        robot.clickOn("#nav-settings");
        Label again = robot.lookup("#server-state").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> again.getText().startsWith("Listening"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#server-stop").queryButton().isDisabled());
        robot.clickOn("#server-stop");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> again.getText().startsWith("Off"));
        java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection(url, "admin", TestEngine.PASSWORD).close());
        assertEquals("08001", refused.getSQLState(), refused.getMessage());
    }

    @Test
    void aUserWhoIsNotAnAdministratorSeesTheAdministerViewsReadOnly(FxRobot robot) throws Exception {
        try (Connection c = console.engine().admin().openConnection(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.CREATE_USER('dora', 'doras-password')");
            s.execute("CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'dora')");
        }
        var dora = console.engine().logins().login(console.engine().target(), "dora", "doras-password");
        robot.interact(() -> {
            console.showLoggedIn(dora);
        });
        robot.clickOn("#nav-security");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#security-read-only").queryAs(Label.class).isVisible());
        assertTrue(robot.lookup("#security-create-login").queryButton().isDisabled());

        robot.clickOn("#nav-pools");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#pools-read-only").queryAs(Label.class).isVisible());
        assertTrue(robot.lookup("#pool-create").queryButton().isDisabled());
        assertTrue(robot.lookup("#classify-apply").queryButton().isDisabled());

        robot.clickOn("#nav-settings");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> robot.lookup("#settings-read-only").queryAs(Label.class).isVisible());
        assertTrue(robot.lookup("#scripts-toggle").queryButton().isDisabled());
        assertTrue(robot.lookup("#runtime-register").queryButton().isDisabled());
        assertTrue(robot.lookup("#server-start").queryButton().isDisabled(), "only administrators start the server");
        Label result = robot.lookup("#runtime-result").queryAs(Label.class);
        robot.clickOn("#runtime-test");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> result.getText().startsWith("R works"));

        robot.clickOn("#nav-audit");
        Label audit = robot.lookup("#audit-placeholder").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> audit.getText().startsWith("Only administrators"));
        assertEquals(0, robot.lookup("#audit-events").queryAs(TableView.class).getItems().size());
    }
}
