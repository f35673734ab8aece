package io.satellite.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the engine keeps its data and how it starts runtimes. The data directory is
 * {@code --data DIR}, else {@code $SATELLITE_DATA}, else {@code $XDG_DATA_HOME/satellite},
 * else {@code ~/.local/share/satellite}.
 */
public record EngineOptions(Path dataDirectory, String adminPassword, String rscript, int rowsPerRead,
                            int workerPoolSize) {
    public static final int DEFAULT_ROWS_PER_READ = 10_000;
    /** Prelaunched workers per language, as SQL Server's PROCESS_POOL_SQLSATELLITE_GROWTH. */
    public static final int DEFAULT_POOL_SIZE = 5;

    public EngineOptions {
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        if (rowsPerRead < 1) {
            throw new IllegalArgumentException("rows per read must be at least 1");
        }
        if (workerPoolSize < 0) {
            throw new IllegalArgumentException("the worker pool size cannot be negative");
        }
    }

    /** Options from the environment, with an optional data directory given on the command line. */
    public static EngineOptions fromEnvironment(Path dataOverride, Map<String, String> env) {
        Path data = dataOverride != null ? dataOverride : defaultDataDirectory(env);
        return new EngineOptions(data, env.get("SATELLITE_ADMIN_PASSWORD"),
                env.getOrDefault("SATELLITE_RSCRIPT", "Rscript"), DEFAULT_ROWS_PER_READ, DEFAULT_POOL_SIZE);
    }

    public static Path defaultDataDirectory(Map<String, String> env) {
        String explicit = env.get("SATELLITE_DATA");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "satellite");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "satellite");
    }

    public EngineOptions withDataDirectory(Path dir) {
        return new EngineOptions(dir, adminPassword, rscript, rowsPerRead, workerPoolSize);
    }

    public EngineOptions withAdminPassword(String password) {
        return new EngineOptions(dataDirectory, password, rscript, rowsPerRead, workerPoolSize);
    }

    public EngineOptions withWorkerPoolSize(int size) {
        return new EngineOptions(dataDirectory, adminPassword, rscript, rowsPerRead, size);
    }
}
