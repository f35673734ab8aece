package io.satellite.app.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.shell.ConsoleWindow;
import io.satellite.app.console.shell.ViewRegistry;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The real console window on a {@link TestEngine}, for TestFX tests; closes everything it started. */
public final class ConsoleFixture implements AutoCloseable {
    private final TestEngine engine;
    private final Stage stage;
    private ConsoleWindow window;

    public ConsoleFixture(Path dir, Stage stage) {
        this.engine = new TestEngine(dir);
        this.stage = stage;
    }

    public TestEngine engine() {
        return engine;
    }

    public Stage stage() {
        return stage;
    }

    public ConsoleWindow window() {
        return window;
    }

    /** Shows the login form (call on the FX thread, e.g. from @Start). */
    public void showLogin() {
        window = new ConsoleWindow(stage, engine.logins(), ViewRegistry.standard());
        window.showLogin();
    }

    /** Logs in as admin (scripts enabled) and shows the main window on {@code view}. */
    public void showShell(FxRobot robot, String view) throws Exception {
        var session = engine.admin();
        robot.interact(() -> {
            window = new ConsoleWindow(stage, engine.logins(), ViewRegistry.standard());
            window.showShell(session);
        });
        robot.clickOn("#nav-" + view);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Shows the main window for a session already logged in (call on the FX thread). */
    public void showLoggedIn(io.satellite.app.console.session.ConsoleSession session) {
        if (window != null) {
            window.logOut(); // stops the previous window's views and closes its session
        }
        window = new ConsoleWindow(stage, engine.logins(), ViewRegistry.standard());
        window.showShell(session);
    }

    /** Clicks Log out, then logs in as {@code user} through the login form; waits for the main window. */
    public static void logOutAndInAs(FxRobot robot, String user, String password) throws Exception {
        robot.clickOn("#log-out");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#login-user").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#login-user").queryTextInputControl().setText(""));
        robot.clickOn("#login-user").write(user, 0);
        robot.clickOn("#login-password").write(password, 0);
        robot.clickOn("#login-connect");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> robot.lookup("#shell-status").tryQuery().isPresent()
                && robot.lookup("#status-user").queryAs(javafx.scene.control.Label.class).getText()
                        .equalsIgnoreCase("User " + user));
    }

    /** Saves the window as a PNG. */
    public void screenshot(Path file) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(30, TimeUnit.SECONDS);
        BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(file.toAbsolutePath().getParent());
        assertTrue(ImageIO.write(png, "png", file.toFile()));
    }

    @Override
    public void close() throws Exception {
        if (window != null) {
            ConsoleWindow w = window;
            WaitForAsyncUtils.asyncFx(w::closeViews).get(30, TimeUnit.SECONDS);
            w.release(Duration.ofSeconds(30));
        }
        engine.close();
    }
}
