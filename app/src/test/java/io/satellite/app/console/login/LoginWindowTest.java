package io.satellite.app.console.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.WindowPlatform;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
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

/** The login form on a real engine: a wrong password is refused in words, the right one opens the console. */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class LoginWindowTest {
    @TempDir
    Path tmp;
    private ConsoleFixture console;

    @Start
    void start(Stage stage) {
        console = new ConsoleFixture(tmp, stage);
        console.showLogin();
    }

    @AfterEach
    void shutdown() throws Exception {
        console.close();
    }

    @Test
    void aWrongPasswordIsRefusedThenTheRightOneOpensTheDashboard(FxRobot robot) throws Exception {
        robot.clickOn("#login-target").write(console.engine().target().display(), 0);
        TextField user = robot.lookup("#login-user").queryAs(TextField.class);
        assertEquals("admin", user.getText());
        robot.clickOn("#login-password").write("not-the-password", 0);
        robot.clickOn("#login-connect");
        Label error = robot.lookup("#login-error").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, error::isVisible);
        assertEquals("Login failed for user 'admin': wrong user name or password.", error.getText());
        console.screenshot(Path.of("target", "console-login-error.png"));

        PasswordField password = robot.lookup("#login-password").queryAs(PasswordField.class);
        robot.interact(password::clear);
        robot.clickOn("#login-password").write(TestEngine.PASSWORD, 0);
        robot.clickOn("#login-connect");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#shell-status").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("User ADMIN", robot.lookup("#status-user").queryAs(Label.class).getText());
        assertEquals("Dashboard", robot.lookup("#view-title").queryAs(Label.class).getText());
        Label scripts = robot.lookup("#status-scripts").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> scripts.getText().equals("External scripts: OFF"));
        assertTrue(console.stage().getTitle().startsWith("Satellite — ADMIN @ "), console.stage().getTitle());
    }
}
