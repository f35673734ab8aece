package io.satellite.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** Real engines on real disk for tests: a fresh data directory, a known admin password. */
public final class TestEngines {
    public static final String ADMIN_PASSWORD = "test-admin-pw";

    private TestEngines() {
    }

    public static Engine start(Path dataDir) throws SQLException, IOException {
        return Engine.start(EngineOptions.fromEnvironment(dataDir, System.getenv()).withAdminPassword(ADMIN_PASSWORD));
    }

    /** Starts an engine with external scripts enabled. */
    public static Engine startEnabled(Path dataDir) throws SQLException, IOException {
        Engine engine = start(dataDir);
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        return engine;
    }

    /**
     * Worker directories under the engine's jobs directory that the launchpad does not keep
     * on purpose (warm workers' directories are kept). A finished job's directory goes
     * shortly after the job: this waits up to 5 s for that before counting.
     */
    public static long leftoverJobDirectories(Engine engine) throws IOException, InterruptedException {
        long stray = 0;
        for (int i = 0; i < 50; i++) {
            stray = strayJobDirectories(engine).size();
            if (stray == 0) {
                break;
            }
            Thread.sleep(100);
        }
        return stray;
    }

    public static java.util.List<Path> strayJobDirectories(Engine engine) throws IOException {
        Path jobs = engine.dataDirectory().resolve("jobs");
        if (!Files.exists(jobs)) {
            return java.util.List.of();
        }
        java.util.Set<Path> kept = engine.launchpad().standby().directories();
        try (Stream<Path> s = Files.list(jobs)) {
            return s.filter(p -> !kept.contains(p)).toList();
        }
    }

    /**
     * Processes under this JVM that belong to no running job and that the launchpad does not
     * keep on purpose; waits up to 5 s for a finished job's processes to go.
     */
    public static java.util.List<ProcessHandle> strayProcesses(Engine engine) throws InterruptedException {
        java.util.List<ProcessHandle> stray = java.util.List.of();
        for (int i = 0; i < 50; i++) {
            java.util.Set<Long> kept = engine.launchpad().standby().pids();
            stray = ProcessHandle.current().descendants()
                    .filter(p -> !kept.contains(p.pid()) && p.isAlive())
                    .filter(p -> p.info().command().map(c -> !c.endsWith("/mkfifo")).orElse(true))
                    .toList();
            if (stray.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return stray;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
