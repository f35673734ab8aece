package io.satellite.app.console;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.sql.SqlSession;
import io.satellite.monitor.ResourceMonitor;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The console's engine: boots it on first {@link #connect()} and logs in as the first-boot
 * administrator (the password from the data directory or SATELLITE_ADMIN_PASSWORD; a login
 * dialog comes later); {@link #close()} logs out and shuts it down. Both block: never call
 * them on the UI thread.
 */
public final class EngineHost implements SessionSource, AutoCloseable {
    private final EngineOptions options;
    private Engine engine;
    private ResourceMonitor monitor;
    private Connection connection;
    private boolean closed;

    public EngineHost(EngineOptions options) {
        this.options = options;
    }

    @Override
    public synchronized ConnectedSession connect() throws SQLException, IOException {
        if (closed) {
            throw new IllegalStateException("the console is closing");
        }
        if (engine == null) {
            engine = Engine.start(options);
            monitor = ResourceMonitor.start(engine);
        }
        if (connection == null) {
            connection = engine.connectAsAdmin();
        }
        List<String> notices = engine.generatedPasswordFile()
                .map(f -> List.of("Created a new Satellite database in " + engine.dataDirectory()
                        + "; the password of user admin is in " + f + " (readable by you only)."))
                .orElse(List.of());
        return new ConnectedSession(new SqlSession(connection),
                connection.getMetaData().getUserName(), engine.dataDirectory().toString(), notices);
    }

    /** The engine's resource monitor, once {@link #connect()} has booted the engine (else null). */
    public synchronized ResourceMonitor monitor() {
        return monitor;
    }

    /** Closes the session and shuts the engine down (waits for a boot in progress). */
    @Override
    public synchronized void close() {
        closed = true;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // shutting the engine down closes it anyway
            }
            connection = null;
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
