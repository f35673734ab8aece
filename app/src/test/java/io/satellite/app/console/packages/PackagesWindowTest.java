package io.satellite.app.console.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.ConsoleFixture;
import io.satellite.app.console.WindowPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
 * The Packages view on a real engine: a chain of packages (chaina needs chainb 1.1, which
 * needs chainc) from a folder repository is planned, installed with the progress bar reaching
 * the end and R CMD INSTALL's log shown, and then loads in a script.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class PackagesWindowTest {
    /** With -Dscreenshots=true (./satellite screenshots) the pictures go to the repository's screenshots/. */
    private static final Path PICTURES = Boolean.getBoolean("screenshots") ? Path.of("..", "screenshots")
            : Path.of("target", "screenshots");
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

    /** Saves the install dialog (a window of its own) as a PNG. */
    private static void dialogPicture(FxRobot robot, Path file) throws Exception {
        javafx.scene.Node pane = robot.lookup("#install-dialog").query();
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> pane.getScene().getWindow().sizeToScene());
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.WritableImage image = WaitForAsyncUtils.asyncFx(() -> pane.getScene().snapshot(null))
                .get(30, TimeUnit.SECONDS);
        Files.createDirectories(file.toAbsolutePath().getParent());
        assertTrue(javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(image, null), "png",
                file.toFile()));
    }

    /** A source package made with tar (R CMD INSTALL takes it as it would a built one). */
    private static void sourcePackage(Path repo, Path work, String name, String version, String needs, String code,
                                      String export) throws Exception {
        Path src = work.resolve(name);
        Files.createDirectories(src.resolve("R"));
        Files.writeString(src.resolve("DESCRIPTION"), "Package: " + name + "\nVersion: " + version + "\nTitle: The "
                + name + " test package\nDescription: For the console's tests.\nAuthor: Satellite\nMaintainer:"
                + " Satellite <tests@example.org>\nLicense: MIT\n" + needs);
        Files.writeString(src.resolve("NAMESPACE"), "export(" + export + ")\n");
        Files.writeString(src.resolve("R").resolve(name + ".R"), code + "\n");
        Process p = new ProcessBuilder("tar", "-czf", repo.resolve(name + "_" + version + ".tar.gz").toString(), "-C",
                work.toString(), name).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void aChainIsPlannedInstalledWithProgressAndThenUsable(FxRobot robot) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        sourcePackage(repo, tmp.resolve("src"), "chainc", "1.0", "", "cval <- function() 3", "cval");
        sourcePackage(repo, tmp.resolve("src"), "chainb", "1.1", "Imports: chainc\n",
                "bval <- function() chainc::cval() * 10", "bval");
        sourcePackage(repo, tmp.resolve("src"), "chaina", "1.0", "Depends: chainb (>= 1.1)\n",
                "aval <- function() bval() + 1", "aval");
        try (Connection c = console.engine().admin().openConnection(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.ADD_PACKAGE_REPOSITORY('tests', '" + repo + "')");
        }
        console.showShell(robot, "packages");
        TableView<?> available = robot.lookup("#available-packages").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> available.getItems().size() == 3);
        robot.clickOn("#packages-search").write("chaina");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> available.getItems().size() == 1);
        robot.interact(() -> available.getSelectionModel().select(0));
        robot.clickOn("#install-package");
        Label error = robot.lookup("#package-error").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#install-dialog").tryQuery().isPresent()
                || !error.getText().isEmpty());
        assertEquals("", error.getText());
        TableView<?> plan = robot.lookup("#install-plan").queryTableView();
        assertEquals(3, plan.getItems().size());
        assertTrue(plan.getItems().get(0).toString().contains("chainc"), plan.getItems().toString());
        dialogPicture(robot, PICTURES.resolve("packages-plan.png"));
        robot.clickOn("Install");
        ProgressBar bar = robot.lookup("#package-progress").queryAs(ProgressBar.class);
        Label message = robot.lookup("#package-message").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !message.getText().isEmpty()
                || !robot.lookup("#package-error").queryAs(Label.class).getText().isEmpty());
        assertEquals("", robot.lookup("#package-error").queryAs(Label.class).getText());
        assertTrue(message.getText().contains("installed into the private library of ADMIN: chainc 1.0, chainb 1.1,"
                + " chaina 1.0"), message.getText());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> bar.getProgress() == 1.0);
        TextArea log = robot.lookup("#package-log").queryAs(TextArea.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> log.getText().contains("installing *source* package"));
        TableView<?> installed = robot.lookup("#installed-packages").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> installed.getItems().size() == 3);
        robot.clickOn("Installed");
        console.screenshot(PICTURES.resolve("packages.png"));
        try (Connection c = console.engine().admin().openConnection(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'library(chaina); OutputDataSet <- data.frame(v ="
                    + " as.integer(aval()))', NULL, NULL, NULL, NULL, NULL)");
            try (ResultSet rs = s.getResultSet()) {
                assertTrue(rs.next());
                assertEquals(31, rs.getInt(1));
            }
        }
    }
}
