package io.satellite.app.console.session;

import io.satellite.engine.AdminCredentials;
import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.monitor.ResourceMonitor;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's embedded engine: boots it (with its resource monitor) on the first login and
 * shuts it down on {@link #close()}. Both block: never call them on the UI thread.
 */
public final class EngineHost implements AutoCloseable {
    private final EngineOptions options;
    private final Map<String, String> env;
    private Engine engine;
    private ResourceMonitor monitor;
    private NetworkServerSwitch server;
    private boolean closed;

    public EngineHost(EngineOptions options, Map<String, String> env) {
        this.options = options;
        this.env = env;
    }

    public EngineHost(EngineOptions options) {
        this(options, System.getenv());
    }

    public Path dataDirectory() {
        return options.dataDirectory().toAbsolutePath().normalize();
    }

    /**
     * Logs {@code user} in (booting the engine first if needed). A blank password for
     * {@code admin} means the first-boot password (SATELLITE_ADMIN_PASSWORD or the data
     * directory's admin-password file), as {@code satellite sql} does. A refused login is
     * audited by the engine and fails with SQLState 08004.
     */
    public synchronized ConsoleSession login(String user, String password) throws SQLException, IOException {
        if (closed) {
            throw new IllegalStateException("the console is closing");
        }
        boolean booted = engine == null;
        if (booted) {
            engine = Engine.start(options);
            monitor = ResourceMonitor.start(engine);
            server = new NetworkServerSwitch(engine);
        }
        String pw = password;
        if ((pw == null || pw.isEmpty()) && AdminCredentials.USER.equals(user.toUpperCase(Locale.ROOT))) {
            pw = AdminCredentials.existing(engine.dataDirectory(), options.adminPassword() != null
                    ? options.adminPassword() : env.get("SATELLITE_ADMIN_PASSWORD")).orElse("");
        }
        String login = pw;
        Engine e = engine;
        Connection first = e.connect(user, login);
        String name = ConsoleSession.authorizationId(first);
        first.close();
        List<String> notices = booted ? e.generatedPasswordFile()
                .map(f -> List.of("Created a new Satellite database in " + e.dataDirectory()
                        + "; the password of user admin is in " + f + " (readable by you only)."))
                .orElse(List.of()) : List.of();
        return new ConsoleSession(name, LoginTarget.embedded(dataDirectory()), () -> e.connect(user, login),
                monitor, e.requests(), notices, server);
    }

    /** The engine's resource monitor once a login has booted the engine (else null). */
    public synchronized ResourceMonitor monitor() {
        return monitor;
    }

    /** Shuts the monitor and the engine down (waits for a boot in progress). */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.close();
            server = null;
        }
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
