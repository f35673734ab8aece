package io.satellite.app.console.session;

import io.satellite.engine.requests.ExternalRequests;
import io.satellite.monitor.ResourceMonitor;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A logged-in DBA: who, on what, and a way to open further connections with the same login
 * (each feature of the console works on its own connection, so a long query never holds up the
 * Jobs view). Embedded sessions also reach the engine's request events and resource monitor;
 * remote sessions see what the DMVs show. Opening connections is slow: never on the UI thread.
 */
public final class ConsoleSession implements AutoCloseable {
    /** Opens one more connection with the session's login. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final String user;
    private final LoginTarget target;
    private final Connector connector;
    private final ResourceMonitor monitor;
    private final ExternalRequests requests;
    private final List<String> notices;
    private final NetworkServerSwitch server;
    private final List<Connection> opened = new ArrayList<>();
    private boolean closed;

    public ConsoleSession(String user, LoginTarget target, Connector connector, ResourceMonitor monitor,
                          ExternalRequests requests, List<String> notices) {
        this(user, target, connector, monitor, requests, notices, null);
    }

    public ConsoleSession(String user, LoginTarget target, Connector connector, ResourceMonitor monitor,
                          ExternalRequests requests, List<String> notices, NetworkServerSwitch server) {
        this.server = server;
        this.user = user;
        this.target = target;
        this.connector = connector;
        this.monitor = monitor;
        this.requests = requests;
        this.notices = List.copyOf(notices);
    }

    /** The authorization id of a connection's user, as the engine spells it (VALUES SESSION_USER). */
    static String authorizationId(Connection c) throws SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("VALUES SESSION_USER")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The user as the engine knows it (Derby folds unquoted names to upper case). */
    public String user() {
        return user;
    }

    public LoginTarget target() {
        return target;
    }

    /** The embedded engine's network server switch; empty when this console is itself a client. */
    public java.util.Optional<NetworkServerSwitch> networkServer() {
        return java.util.Optional.ofNullable(server);
    }

    public boolean remote() {
        return target.remote();
    }

    /** A new connection for one feature; closed with the session. */
    public Connection openConnection() throws SQLException {
        Connection c = connector.open();
        synchronized (opened) {
            if (closed) {
                c.close();
                throw new SQLException("the console session is closed", "08003");
            }
            opened.add(c);
        }
        return c;
    }

    /** The engine's resource monitor (embedded sessions only). */
    public Optional<ResourceMonitor> monitor() {
        return Optional.ofNullable(monitor);
    }

    /** The engine's live request events (embedded sessions only). */
    public Optional<ExternalRequests> requests() {
        return Optional.ofNullable(requests);
    }

    /** What the DBA should be told once, such as where a new admin password was written. */
    public List<String> notices() {
        return notices;
    }

    /** Closes every connection the session opened. */
    @Override
    public void close() {
        List<Connection> all;
        synchronized (opened) {
            closed = true;
            all = List.copyOf(opened);
            opened.clear();
        }
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                // a connection whose engine is gone is closed already
            }
        }
    }
}
