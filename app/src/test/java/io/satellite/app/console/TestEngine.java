package io.satellite.app.console;

import io.satellite.app.console.session.ConsoleSession;
import io.satellite.app.console.session.LoginService;
import io.satellite.app.console.session.LoginTarget;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A real engine on disk for console tests: admin password "pw", external scripts enabled, and
 * R jobs started on threads of their own (as other users' sessions would run them).
 */
public final class TestEngine implements AutoCloseable {
    public static final String PASSWORD = "pw";
    private final LoginService logins;
    private final Path data;
    private final List<Connection> jobConnections = new ArrayList<>();
    private ConsoleSession admin;

    public TestEngine(Path dir) {
        data = dir.resolve("satellite-data");
        logins = new LoginService(EngineOptions.fromEnvironment(data, Map.of()).withAdminPassword(PASSWORD), Map.of());
    }

    public LoginService logins() {
        return logins;
    }

    public LoginTarget target() {
        return LoginTarget.embedded(data);
    }

    /** Logs in as admin and enables external scripts (once). */
    public synchronized ConsoleSession admin() throws Exception {
        if (admin == null) {
            admin = logins.login(target(), "admin", PASSWORD);
            try (Connection c = admin.openConnection(); Statement s = c.createStatement()) {
                s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
                s.execute("CALL SQLML.RECONFIGURE()");
            }
        }
        return admin;
    }

    /** An R script that keeps one core busy for {@code seconds} (unless killed), then returns one row. */
    public static String busyR(int seconds) {
        return "t <- Sys.time(); x <- 0; while (as.numeric(Sys.time() - t, units = 'secs') < " + seconds + ")"
                + " x <- x + sum(runif(2e4)); OutputDataSet <- data.frame(done = 1L)";
    }

    /** Runs {@code script} in R on a new connection, on its own thread; completes with null or the failure. */
    public CompletableFuture<SQLException> startJob(String script) throws Exception {
        return startJob(admin().openConnection(), script);
    }

    /** Runs {@code script} in R as {@code user}. */
    public CompletableFuture<SQLException> startJobAs(String user, String password, String script) throws Exception {
        return startJob(java.sql.DriverManager.getConnection(admin().openConnection().getMetaData().getURL(), user,
                password), script);
    }

    private CompletableFuture<SQLException> startJob(Connection c, String script) {
        synchronized (jobConnections) {
            jobConnections.add(c);
        }
        return CompletableFuture.supplyAsync(() -> {
            try (CallableStatement call = c.prepareCall(
                    "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, NULL, NULL, NULL, NULL, NULL)")) {
                call.setString(1, script);
                call.execute();
                return null;
            } catch (SQLException e) {
                return e;
            }
        }, r -> {
            Thread t = new Thread(r, "test-job");
            t.setDaemon(true);
            t.start();
        });
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.requests().ifPresent(r -> r.active().forEach(x -> r.kill(x.id(), "the test's cleanup")));
            admin.close();
        }
        logins.close();
    }
}
