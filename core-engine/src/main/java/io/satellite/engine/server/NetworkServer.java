package io.satellite.engine.server;

import io.satellite.engine.Engine;
import java.io.PrintWriter;
import java.net.InetAddress;
import org.apache.derby.drda.NetworkServerControl;

/**
 * Derby's Network Server in front of a running engine, so that ij and any JDBC client reach
 * the same database (authentication is always required: the database uses NATIVE
 * credentials). Binds to 127.0.0.1 unless told otherwise.
 */
public final class NetworkServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 1527;
    private final NetworkServerControl control;
    private final Engine engine;
    private final String host;
    private final int port;

    private NetworkServer(NetworkServerControl control, Engine engine, String host, int port) {
        this.control = control;
        this.engine = engine;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts the server. Clients name the database by its path relative to
     * {@code derby.system.home}, which the caller sets to the engine's data directory.
     */
    public static NetworkServer start(Engine engine, String host, int port, PrintWriter log) throws Exception {
        NetworkServerControl control = new NetworkServerControl(InetAddress.getByName(host), port);
        control.start(log);
        Exception last = null;
        for (int i = 0; i < 100; i++) {
            try {
                control.ping();
                return new NetworkServer(control, engine, host, port);
            } catch (Exception e) {
                last = e;
                Thread.sleep(100);
            }
        }
        try {
            control.shutdown(); // it may still come up later: never leave it running unowned
        } catch (Exception ignored) {
            // it never started
        }
        throw new IllegalStateException("the network server did not come up on " + host + ":" + port + ": "
                + (last == null ? "no answer" : last.getMessage()), last);
    }

    /**
     * The URL clients use: {@code jdbc:derby://127.0.0.1:1527/satellite} when
     * {@code derby.system.home} is the engine's data directory, else the database's full path.
     */
    public String clientUrl() {
        String home = System.getProperty("derby.system.home");
        boolean atHome = home != null && java.nio.file.Path.of(home).toAbsolutePath().normalize()
                .equals(engine.dataDirectory());
        String name = atHome ? Engine.DATABASE_NAME : engine.dataDirectory().resolve(Engine.DATABASE_NAME).toString();
        return "jdbc:derby://" + host + ":" + port + "/" + name;
    }

    @Override
    public void close() throws Exception {
        control.shutdown();
    }
}
