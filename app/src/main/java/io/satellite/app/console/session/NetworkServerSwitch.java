package io.satellite.app.console.session;

import io.satellite.engine.Engine;
import io.satellite.engine.server.NetworkServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

/**
 * The console's own engine as a network server, on this machine's loopback only: a DBA turns
 * it on so that JDBC clients, {@code satellite sql} or another console can connect with
 * their logins while the console runs. Stopped with the engine.
 */
public final class NetworkServerSwitch implements AutoCloseable {
    private final Engine engine;
    private NetworkServer server;
    private int port;
    /** Read without the lock, so the UI never waits for a server coming up. */
    private volatile String url;

    NetworkServerSwitch(Engine engine) {
        this.engine = engine;
    }

    /** Starts listening on 127.0.0.1:{@code port}; blocks while the server comes up (call off the FX thread). */
    public synchronized String start(int port) throws Exception {
        if (port < 1024 || port > 65535) {
            throw new IllegalArgumentException("a port from 1024 to 65535, not " + port);
        }
        if (server != null) {
            if (this.port != port) {
                throw new IllegalStateException("the server already listens on 127.0.0.1:" + this.port + "; stop it first");
            }
            return url;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("port " + port + " is in use on 127.0.0.1; choose another");
        }
        server = NetworkServer.start(engine, "127.0.0.1", port, new PrintWriter(new StringWriter()));
        this.port = port;
        url = server.clientUrl();
        return url;
    }

    /** The URL clients use while it runs. */
    public Optional<String> clientUrl() {
        return Optional.ofNullable(url);
    }

    public synchronized void stop() throws Exception {
        if (server != null) {
            NetworkServer s = server;
            server = null;
            url = null;
            s.close();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception e) {
            // the engine is going down anyway
        }
    }
}
