package io.satellite.engine.recovery;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import io.satellite.engine.server.NetworkServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real engine with its network server in a JVM of its own, for tests that kill it with
 * SIGKILL (the way a crash, the OOM killer or {@code kill -9} ends it) and look at what is
 * left. {@link #start} launches it with this test run's class path and waits until it
 * serves; {@link #kill} ends it and waits until it is gone.
 */
public final class EngineProcess implements AutoCloseable {
    private final Process process;
    private final String url;
    private final StringBuilder output;

    private EngineProcess(Process process, String url, StringBuilder output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** Starts an engine on {@code data} (scripts enabled, warm pool of {@code poolSize}) in a child JVM. */
    public static EngineProcess start(Path data, int poolSize) throws Exception {
        return start(List.of(), System.getProperty("java.class.path"), data, poolSize);
    }

    /**
     * The same, with the engine's JVM running as {@code uid} rather than root (the way a DBA
     * or a data scientist runs the console on a desktop): the test run's class path is copied
     * into {@code scratch} first (Maven's repository under /root is closed to other users),
     * and {@code data} is made {@code uid}'s. Needs root.
     */
    public static EngineProcess startAs(int uid, Path scratch, Path data, int poolSize) throws Exception {
        List<String> copies = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = scratch.resolve((i++) + "-" + from.getFileName());
            try (java.util.stream.Stream<Path> tree = Files.walk(from)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Files.copy(p, to.resolve(from.relativize(p).toString()));
                }
            }
            copies.add(to.toString());
        }
        Files.createDirectories(data);
        try (java.util.stream.Stream<Path> tree = Files.walk(scratch)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        Files.setAttribute(data, "unix:uid", uid);
        Files.setAttribute(data, "unix:gid", uid);
        List<String> prefix = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        prefix.addAll(holdingKeyring());
        return start(prefix, String.join(java.io.File.pathSeparator, copies), data, poolSize);
    }

    /** The same as {@link #start}, the engine holding a session keyring named {@link #ENGINE_KEYRING}. */
    public static EngineProcess startHoldingKeyring(Path data, int poolSize) throws Exception {
        return start(holdingKeyring(), System.getProperty("java.class.path"), data, poolSize);
    }

    /** As a login session would have it, the engine holds a session keyring of its own, named. */
    private static List<String> holdingKeyring() {
        return List.of("/usr/bin/python3", "-c",
                "import ctypes, os, platform, sys; nr = {'x86_64': 250, 'aarch64': 219}[platform.machine()];"
                + " ctypes.CDLL(None).syscall(nr, 1, b'" + ENGINE_KEYRING + "'); os.execv(sys.argv[1], sys.argv[1:])");
    }

    private static EngineProcess start(List<String> prefix, String classPath, Path data, int poolSize) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath, EngineProcess.class.getName(),
                data.toString(), Integer.toString(freePort()), Integer.toString(poolSize)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (!prefix.isEmpty()) {
            pb.environment().put("HOME", data.toString());
        }
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("SERVING ")) {
                Thread drain = new Thread(() -> drain(out, seen), "engine-process-output");
                drain.setDaemon(true);
                drain.start();
                return new EngineProcess(p, line.substring("SERVING ".length()), seen);
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("the engine process ended before it served (" + p.exitValue() + "):\n" + seen);
    }

    private static void drain(BufferedReader out, StringBuilder seen) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (seen) {
                    seen.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // killed
        }
    }

    /** The name of the session keyring an engine {@link #startAs started as another user} holds. */
    public static final String ENGINE_KEYRING = "satellite-engine-session";

    /** A connection to it over the network server, as the administrator. */
    public java.sql.Connection connectAsAdmin() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(url, "admin", TestEngines.ADMIN_PASSWORD);
    }

    /** The network server's JDBC URL. */
    public String url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no Derby shutdown, no worker closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the engine process " + process.pid() + " did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The child: engine + network server, until killed. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Engine engine = Engine.start(EngineOptions.fromEnvironment(data, System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(Integer.parseInt(args[2])));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        NetworkServer server = NetworkServer.start(engine, "127.0.0.1", Integer.parseInt(args[1]),
                new PrintWriter(new StringWriter()));
        Files.writeString(data.resolve("engine.pid"), Long.toString(ProcessHandle.current().pid()));
        System.out.println("SERVING " + server.clientUrl());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
