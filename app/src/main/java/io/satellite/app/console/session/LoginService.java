package io.satellite.app.console.session;

import io.satellite.engine.EngineOptions;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Logs the DBA in to an embedded data directory or a server, and turns what goes wrong into
 * one clear sentence ({@link LoginFailure}). Keeps the embedded engine it booted until
 * {@link #close()}. Blocks: call it off the UI thread.
 */
public final class LoginService implements AutoCloseable {
    private final EngineOptions defaults;
    private final Map<String, String> env;
    private EngineHost host;

    public LoginService(EngineOptions defaults, Map<String, String> env) {
        this.defaults = defaults;
        this.env = env;
    }

    /** The data directory used when the DBA leaves the field blank. */
    public Path defaultDataDirectory() {
        return defaults.dataDirectory().toAbsolutePath().normalize();
    }

    public synchronized ConsoleSession login(LoginTarget target, String user, String password) throws LoginFailure {
        if (user == null || user.isBlank()) {
            throw new LoginFailure("Enter a user name.");
        }
        String u = user.strip();
        return target.remote() ? remote(target, u, password) : embedded(target, u, password);
    }

    private ConsoleSession embedded(LoginTarget target, String user, String password) throws LoginFailure {
        if (host != null && !host.dataDirectory().equals(target.dataDirectory())) {
            host.close();
            host = null;
        }
        if (host == null) {
            host = new EngineHost(new EngineOptions(target.dataDirectory(), defaults.adminPassword(),
                    defaults.rscript(), defaults.rowsPerRead(), defaults.workerPoolSize(), defaults.workerLimits()), env);
        }
        try {
            return host.login(user, password);
        } catch (SQLException e) {
            if ("XSDB6".equals(e.getSQLState())) {
                host.close();
                host = null;
            }
            throw new LoginFailure(explain(e, user, target));
        } catch (Exception e) {
            host.close();
            host = null;
            throw new LoginFailure("The engine did not start in " + target.display() + ": " + e.getMessage());
        }
    }

    private static ConsoleSession remote(LoginTarget target, String user, String password) throws LoginFailure {
        String url = target.jdbcUrl();
        try {
            Connection first = DriverManager.getConnection(url, user, Objects.requireNonNullElse(password, ""));
            String name = ConsoleSession.authorizationId(first);
            first.close();
            return new ConsoleSession(name, target, () -> DriverManager.getConnection(url, user, password),
                    null, null, List.of("Connected to the Satellite server at " + target.display() + ". Live"
                            + " figures come from its DMVs; host charts and alerts need the console on the server's"
                            + " own data directory."));
        } catch (SQLException e) {
            throw new LoginFailure(explain(e, user, target));
        }
    }

    static String explain(SQLException e, String user, LoginTarget target) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("08004")) {
            return "Login failed for user '" + user + "': wrong user name or password.";
        }
        if (state.equals("XSDB6")) {
            return "The database in " + target.display() + " is in use by another Satellite process (a server or"
                    + " console). Log in to that server as host:port instead, e.g. 127.0.0.1:1527.";
        }
        if (target.remote() && (state.equals("08001") || hasCause(e, ConnectException.class))) {
            return "Cannot reach a Satellite server at " + target.display() + " (" + e.getMessage()
                    + "). Start one there with ./satellite server.";
        }
        return e.getMessage() + (state.isEmpty() ? "" : " (SQLState " + state + ")");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** Shuts down the embedded engine, if one was booted. */
    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }

    /** A login that did not succeed, with the sentence to show. */
    public static final class LoginFailure extends Exception {
        public LoginFailure(String message) {
            super(message);
        }
    }
}
