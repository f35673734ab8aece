package io.satellite.app.console;

import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Regenerates {@code screenshots/*.png}: every view of the console, on a real engine with real
 * R jobs of two users in two resource pools. Runs only when asked ({@code ./satellite screenshots},
 * i.e. {@code -Dscreenshots=true}), since it takes a minute of both cores.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "screenshots", matches = "true")
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class ConsoleScreenshots {
    static final Path DIR = Path.of("..", "screenshots");
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
    void everyView(FxRobot robot) throws Exception {
        robot.clickOn("#login-target").write(console.engine().target().display(), 0);
        console.screenshot(DIR.resolve("login.png"));
        console.showShell(robot, "dashboard");
        setUpUsersPoolsAndHistory();
        startJobs();
        Thread.sleep(14_000); // the charts gather a few samples
        console.screenshot(DIR.resolve("dashboard.png"));

        robot.clickOn("#nav-jobs");
        TableView<?> running = robot.lookup("#running-jobs").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> running.getItems().size() >= 3);
        robot.interact(() -> running.getSelectionModel().select(0));
        Thread.sleep(6_000);
        console.screenshot(DIR.resolve("jobs.png"));

        TabPane tabs = robot.lookup("#jobs-tabs").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        TableView<?> history = robot.lookup("#history-jobs").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> history.getItems().size() >= 3);
        robot.interact(() -> {
            for (int i = 0; i < history.getItems().size(); i++) {
                if (history.getItems().get(i).toString().contains("FAILED")) {
                    history.getSelectionModel().select(i);
                    break;
                }
            }
        });
        Thread.sleep(1_000);
        console.screenshot(DIR.resolve("jobs-history.png"));

        robot.clickOn("#nav-query");
        TextArea editor = robot.lookup("#sql-editor").queryAs(TextArea.class);
        robot.interact(() -> editor.setText("""
                -- Mean sepal length per species, computed in R
                EXEC sp_execute_external_script
                    @language = N'R',
                    @script = N'print(sprintf("%d rows in", nrow(InputDataSet)))
                                OutputDataSet <- aggregate(sepal_length ~ species, InputDataSet, mean)',
                    @input_data_1 = N'SELECT sepal_length, species FROM iris_sample'
                WITH RESULT SETS ((species VARCHAR(20), mean_length FLOAT));

                SELECT * FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T;
                """));
        javafx.scene.control.Label status = robot.lookup("#status-text").queryAs(javafx.scene.control.Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().equals("Ready"));
        robot.clickOn("#run-button");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().startsWith("Query executed"));
        Thread.sleep(500);
        console.screenshot(DIR.resolve("query.png"));
        robot.clickOn("Messages");
        console.screenshot(DIR.resolve("query-messages.png"));

        robot.clickOn("#nav-security");
        Thread.sleep(2_000);
        console.screenshot(DIR.resolve("security.png"));
        robot.clickOn("#nav-pools");
        Thread.sleep(3_000);
        console.screenshot(DIR.resolve("pools.png"));
        robot.clickOn("#nav-settings");
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> robot.lookup("#scripts-toggle").queryButton()
                .getText().equals("Disable external scripts") && robot.lookup(".table-view").queryAll().stream()
                .anyMatch(t -> ((TableView<?>) t).getColumns().size() > 1
                        && ((TableView<?>) t).getColumns().get(1).getText().equals("FEATURE")
                        && !((TableView<?>) t).getItems().isEmpty()));
        Thread.sleep(1_000);
        console.screenshot(DIR.resolve("settings.png"));
        robot.clickOn("#nav-audit");
        TableView<io.satellite.app.console.audit.AuditEntry> audit = robot.lookup("#audit-events").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> audit.getItems().size() >= 5);
        robot.interact(() -> audit.getItems().stream().filter(e -> "FAILED".equals(e.outcome())).findFirst()
                .ifPresent(e -> audit.getSelectionModel().select(e)));
        Thread.sleep(1_000);
        console.screenshot(DIR.resolve("audit.png"));

        robot.clickOn("#theme-toggle");
        robot.clickOn("#nav-dashboard");
        Thread.sleep(2_000);
        console.screenshot(DIR.resolve("dashboard-dark.png"));
        robot.clickOn("#nav-jobs");
        robot.interact(() -> tabs.getSelectionModel().select(0));
        Thread.sleep(2_000);
        console.screenshot(DIR.resolve("jobs-dark.png"));
    }

    private void setUpUsersPoolsAndHistory() throws Exception {
        try (Connection c = console.engine().admin().openConnection()) {
            new SqlSession(c).execute("""
                    CREATE LOGIN analyst WITH PASSWORD = 'a-long-password';
                    GRANT EXECUTE ANY EXTERNAL SCRIPT TO analyst;
                    CREATE EXTERNAL RESOURCE POOL ep_analysts WITH (MAX_PROCESSES = 4, MAX_MEMORY_PERCENT = 10,
                        MAX_CPU_PERCENT = 60);
                    CALL SQLML.CLASSIFY_EXTERNAL_POOL('analyst', 'ep_analysts');
                    CREATE TABLE iris_sample (sepal_length DOUBLE, species VARCHAR(20));
                    INSERT INTO iris_sample VALUES (5.1, 'setosa'), (7.0, 'versicolor'), (6.3, 'virginica'),
                        (4.9, 'setosa'), (6.4, 'versicolor'), (5.8, 'virginica');
                    """, StatementListener.IGNORE);
        }
        TestEngine e = console.engine();
        e.startJob("OutputDataSet <- data.frame(n = nrow(mtcars))").get(60, TimeUnit.SECONDS);
        e.startJobAs("analyst", "a-long-password", "m <- lm(mpg ~ wt, mtcars); OutputDataSet <- data.frame(r2 ="
                + " summary(m)$r.squared)").get(60, TimeUnit.SECONDS);
        e.startJobAs("analyst", "a-long-password", "for (i in 1:6) { Sys.sleep(0.5); m <- qr(matrix(runif(4e5), 800)) };"
                + " x <- read.csv('/data/sales_2025.csv')").get(60, TimeUnit.SECONDS);
        e.startJob("OutputDataSet <- data.frame(v = sqrt(1:10))").get(60, TimeUnit.SECONDS);
    }

    private void startJobs() throws Exception {
        TestEngine e = console.engine();
        e.startJob(TestEngine.busyR(90));
        e.startJobAs("analyst", "a-long-password", "big <- runif(3e7); " + TestEngine.busyR(90));
        e.startJobAs("analyst", "a-long-password", "for (i in 1:90) { Sys.sleep(0.7); x <- sum(runif(3e5)) };"
                + " OutputDataSet <- data.frame(i = i)");
    }

}
