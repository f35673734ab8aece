package io.satellite.app.cli;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.monitor.ResourceMonitor;
import io.satellite.engine.server.NetworkServer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** {@code satellite server [--data DIR] [--port N] [--host ADDR]}: serves the database to JDBC clients. */
public final class ServerCommand {
    public static final String USAGE = "satellite server [--data DIR] [--port N] [--host ADDRESS]";
    private final PrintStream out;
    private final Map<String, String> env;

    public ServerCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    public int run(String[] args) throws Exception {
        Arguments a = Arguments.parse(args, Set.of("data", "port", "host"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument " + a.positional().get(0));
        }
        int port = a.has("port") ? parsePort(a.get("port")) : NetworkServer.DEFAULT_PORT;
        String host = a.has("host") ? a.get("host") : "127.0.0.1";
        EngineOptions options = EngineOptions.fromEnvironment(a.has("data") ? Path.of(a.get("data")) : null, env);
        // Clients name the database relative to derby.system.home; set it before Derby boots.
        System.setProperty("derby.system.home", options.dataDirectory().toString());
        Engine engine = Engine.start(options);
        ResourceMonitor monitor = ResourceMonitor.start(engine);
        NetworkServer server;
        try {
            server = NetworkServer.start(engine, host, port, new PrintWriter(out, true));
        } catch (Exception e) {
            monitor.close();
            engine.close();
            throw e;
        }
        engine.generatedPasswordFile().ifPresent(f -> out.println("Created a new Satellite database; the password"
                + " of user admin is in " + f + " (mode 0600)."));
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            out.println("WARNING: listening on " + host + ", not only on this machine.");
        }
        out.println("Satellite server on " + host + ":" + port + ", data in " + engine.dataDirectory());
        out.println("Connect with " + server.clientUrl() + " (user and password required). Ctrl-C stops.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
            monitor.close();
            engine.close();
            stopped.countDown();
        }, "satellite-shutdown"));
        stopped.await();
        return 0;
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number from 1 to 65535, not '" + s + "'");
        }
    }
}
