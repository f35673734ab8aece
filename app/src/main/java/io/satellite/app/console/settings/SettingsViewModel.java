package io.satellite.app.console.settings;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.query.ResultReader;
import io.satellite.app.console.query.ResultTable;
import io.satellite.app.console.session.ConsoleSession;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runtimes and settings without their nodes: {@code sp_configure}'s options, the registered
 * external languages, what the sandbox enforces on this host, and the switch for external
 * scripts ({@code sp_configure} then {@code RECONFIGURE}, administrators only).
 */
public final class SettingsViewModel {
    /** The three tables the view shows. */
    public record Reading(ResultTable configuration, ResultTable languages, ResultTable sandbox, boolean scriptsEnabled,
                          boolean admin) {
    }

    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final ReadOnlyObjectWrapper<Reading> reading = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper scriptsEnabled = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper runtimeMessage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper serverUrl = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper serverState = new ReadOnlyStringWrapper("Off: only this console uses the engine.");
    private volatile String runtimeNotice = "";
    private volatile String configureNotice = "";
    private Connection connection;

    public SettingsViewModel(BackgroundExecutor executor, ConsoleSession session) {
        this.executor = executor;
        this.session = session;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = session.openConnection();
        }
        return connection;
    }

    /** Reads the configuration and languages, then the sandbox (its probe starts processes: slower). */
    public void refresh() {
        message.set("Reading the configuration…");
        executor.execute(() -> read(false), r -> {
            show(r);
            message.set("Probing the sandbox…");
        }, t -> message.set("Cannot read the settings: " + t.getMessage()));
        executor.execute(() -> read(true), r -> {
            show(r);
            message.set("");
        }, t -> message.set("Cannot probe the sandbox: " + t.getMessage()));
    }

    private Reading read() throws SQLException {
        return read(true);
    }

    private Reading read(boolean withSandbox) throws SQLException {
        ResultReader reader = new ResultReader(1000);
        ResultTable config = table(reader, "SELECT NAME, VALUE, VALUE_IN_USE, MINIMUM, MAXIMUM, DESCRIPTION,"
                + " IS_DYNAMIC FROM SQLML.CONFIGURATION ORDER BY NAME");
        ResultTable languages = table(reader, "SELECT LANGUAGE, COMMAND, LAUNCHER, CREATED_BY, CREATED_AT"
                + " FROM SQLML.EXTERNAL_LANGUAGES ORDER BY LANGUAGE");
        ResultTable sandbox = withSandbox
                ? table(reader, "SELECT FEATURE, ENFORCED, DETAIL FROM TABLE(SQLML.DM_EXTERNAL_SANDBOX()) T")
                : new ResultTable(List.of("FEATURE", "ENFORCED", "DETAIL"), List.of(false, false, false), List.of(), false);
        boolean enabled = false;
        for (var row : config.rows()) {
            if ("external scripts enabled".equals(row.get(0))) {
                enabled = "1".equals(row.get(2));
            }
        }
        boolean admin;
        try (PreparedStatement s = connection().prepareStatement("VALUES SQLML.IS_ADMIN()"); ResultSet rs = s.executeQuery()) {
            admin = rs.next() && rs.getInt(1) == 1;
        }
        return new Reading(config, languages, sandbox, enabled, admin);
    }

    private ResultTable table(ResultReader reader, String sql) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return reader.read(rs);
        }
    }

    private void show(Reading r) {
        session.networkServer().ifPresent(server -> showServer(server.clientUrl().orElse("")));
        reading.set(r);
        scriptsEnabled.set(r.scriptsEnabled());
    }

    /** Turns external scripts on or off: sp_configure, then RECONFIGURE (audited by the engine). */
    public void setScriptsEnabled(boolean on) {
        executor.execute(() -> {
            try (Statement s = connection().createStatement()) {
                s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', " + (on ? 1 : 0) + ")");
                s.execute("CALL SQLML.RECONFIGURE()");
            }
            return read();
        }, r -> {
            show(r);
            message.set("External scripts are " + (r.scriptsEnabled() ? "enabled." : "disabled."));
        }, t -> message.set(t instanceof SQLException e && e.getSQLState() != null
                ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(t.getMessage())));
    }

    /**
     * sp_configure then RECONFIGURE: a dynamic option is in use at once, one of the next start
     * when the engine restarts (the engine's warning says which).
     */
    public void configure(String name, int value) {
        boolean dynamic = reading.get() == null || reading.get().configuration().rows().stream()
                .noneMatch(r -> r.get(0).equals(name) && "0".equals(r.get(6)));
        executor.execute(() -> {
            String said;
            try (java.sql.CallableStatement c = connection().prepareCall("CALL SQLML.SP_CONFIGURE(?, ?)")) {
                c.setString(1, name);
                c.setInt(2, value);
                c.execute();
                java.sql.SQLWarning w = c.getWarnings();
                said = w == null ? "Set " + name + " to " + value + "." : w.getMessage();
            }
            if (dynamic) {
                try (Statement s = connection().createStatement()) {
                    s.execute("CALL SQLML.RECONFIGURE()");
                }
            }
            configureNotice = "Ran EXEC sp_configure '" + name + "', " + value + (dynamic ? "; RECONFIGURE. " : ". ")
                    + said.replace(" Run the RECONFIGURE statement to install.", " In use now.");
            return read();
        }, r -> {
            show(r);
            message.set(configureNotice);
        }, t -> message.set(t instanceof SQLException e && e.getSQLState() != null
                ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(t.getMessage())));
    }

    /** Runs an empty script in {@code language} (a real worker, sandboxed) and says how it went and how long it took. */
    public void testRuntime(String language) {
        if (language == null || language.isBlank()) {
            runtimeMessage.set("Choose a language to test.");
            return;
        }
        runtimeMessage.set("Testing " + language + "…");
        executor.execute(() -> {
            long t = System.nanoTime();
            try (java.sql.CallableStatement c = connection().prepareCall(
                    "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, '', NULL, NULL, NULL, NULL, NULL)")) {
                c.setString(1, language);
                c.execute();
            }
            return (System.nanoTime() - t) / 1_000_000;
        }, ms -> runtimeMessage.set(language + " works: an empty script ran in its sandbox and answered in " + ms
                + " ms."), t -> runtimeMessage.set(language + " failed: " + (t instanceof SQLException e
                && e.getSQLState() != null ? "Error " + e.getSQLState() + ": " : "") + t.getMessage()));
    }

    /** {@code CREATE EXTERNAL LANGUAGE}: registers (or, for R and Python, overrides) a runtime; used after a restart. */
    public void registerLanguage(String language, String command, String launcher) {
        executor.execute(() -> {
            try (java.sql.CallableStatement c = connection().prepareCall(
                    "CALL SQLML.CREATE_EXTERNAL_LANGUAGE(?, ?, ?)")) {
                c.setString(1, language.strip());
                c.setString(2, command.strip());
                c.setString(3, launcher.strip());
                c.execute();
                java.sql.SQLWarning w = c.getWarnings();
                runtimeNotice = w == null ? "" : w.getMessage();
            }
            return read();
        }, r -> {
            show(r);
            runtimeMessage.set(runtimeNotice.isEmpty() ? "Registered " + language.strip() + "." : runtimeNotice);
        }, t -> runtimeMessage.set(t instanceof SQLException e && e.getSQLState() != null
                ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(t.getMessage())));
    }

    /** Where the engine keeps its database, libraries and jobs (or the server this console is connected to). */
    public String where() {
        return session.remote() ? "Server " + session.target().display()
                : "Data directory " + session.target().display() + " (database, package libraries, job directories)";
    }

    /** Whether this console can serve its engine on the network (it runs the engine itself). */
    public boolean canServe() {
        return session.networkServer().isPresent();
    }

    /** Starts the console's engine as a network server on 127.0.0.1:{@code port} (administrators only). */
    public void startServer(int port) {
        session.networkServer().ifPresent(server -> {
            serverState.set("Starting on 127.0.0.1:" + port + "…");
            executor.execute(() -> {
                requireAdmin("start the network server");
                return server.start(port);
            }, this::showServer, t -> serverState.set("Not started: " + t.getMessage()));
        });
    }

    public void stopServer() {
        session.networkServer().ifPresent(server -> executor.execute(() -> {
            requireAdmin("stop the network server");
            server.stop();
            return "";
        }, this::showServer, t -> serverState.set("Could not stop: " + t.getMessage())));
    }

    /** The server's state as the switch has it (it outlives a session: another login may have started it). */
    private void showServer(String url) {
        serverUrl.set(url);
        serverState.set(url.isEmpty() ? "Off: only this console uses the engine."
                : "Listening. Clients connect to " + url + " with their own logins.");
    }

    private void requireAdmin(String doing) throws SQLException {
        try (PreparedStatement s = connection().prepareStatement("VALUES SQLML.IS_ADMIN()"); ResultSet rs = s.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != 1) {
                throw new SQLException("only administrators may " + doing, "38S11");
            }
        }
    }

    /** The client URL while the network server runs, else "". */
    public ReadOnlyStringProperty serverUrlProperty() {
        return serverUrl.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty serverStateProperty() {
        return serverState.getReadOnlyProperty();
    }

    /** What the last runtime test or registration said. */
    public ReadOnlyStringProperty runtimeMessageProperty() {
        return runtimeMessage.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Reading> readingProperty() {
        return reading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty scriptsEnabledProperty() {
        return scriptsEnabled.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
