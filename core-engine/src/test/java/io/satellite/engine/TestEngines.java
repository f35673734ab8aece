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

    /** Worker directories left under the engine's jobs directory. */
    public static long leftoverJobDirectories(Engine engine) throws IOException {
        Path jobs = engine.dataDirectory().resolve("jobs");
        if (!Files.exists(jobs)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(jobs)) {
            return s.count();
        }
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
