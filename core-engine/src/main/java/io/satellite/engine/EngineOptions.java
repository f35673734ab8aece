package io.satellite.engine;

import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the engine keeps its data and how it starts runtimes. The data directory is
 * {@code --data DIR}, else {@code $SATELLITE_DATA}, else {@code $XDG_DATA_HOME/satellite},
 * else {@code ~/.local/share/satellite}.
 *
 * @param workerLimits the rlimits of every worker (address space, CPU time, processes, file
 *     size); the process limit (RLIMIT_NPROC, counted per uid) is each worker's own where each
 *     runs as a uid of its own (a root engine), else one budget shared by all workers
 */
public record EngineOptions(Path dataDirectory, String adminPassword, String rscript, int rowsPerRead,
                            int workerPoolSize, ResourceLimits workerLimits) {
    public static final int DEFAULT_ROWS_PER_READ = 10_000;
    /** Prelaunched workers per language, as SQL Server's PROCESS_POOL_SQLSATELLITE_GROWTH. */
    public static final int DEFAULT_POOL_SIZE = 5;
    /** Processes a worker may run (each its own with a uid per worker, else all workers together). */
    public static final int DEFAULT_MAX_PROCESSES = 256;

    public EngineOptions {
        dataDirectory = realPath(dataDirectory);
        if (rowsPerRead < 1) {
            throw new IllegalArgumentException("rows per read must be at least 1");
        }
        if (workerPoolSize < 0) {
            throw new IllegalArgumentException("the worker pool size cannot be negative");
        }
        if (workerLimits == null) {
            workerLimits = defaultWorkerLimits();
        }
    }

    /** Options with the default worker limits. */
    public EngineOptions(Path dataDirectory, String adminPassword, String rscript, int rowsPerRead,
                         int workerPoolSize) {
        this(dataDirectory, adminPassword, rscript, rowsPerRead, workerPoolSize, defaultWorkerLimits());
    }

    /** {@link ResourceLimits#defaults()} with a process budget for all workers together. */
    public static ResourceLimits defaultWorkerLimits() {
        return ResourceLimits.defaults().withMaxProcesses(DEFAULT_MAX_PROCESSES);
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


    public EngineOptions withAdminPassword(String password) {
        return new EngineOptions(dataDirectory, password, rscript, rowsPerRead, workerPoolSize, workerLimits);
    }

    public EngineOptions withWorkerPoolSize(int size) {
        return new EngineOptions(dataDirectory, adminPassword, rscript, rowsPerRead, size, workerLimits);
    }

    public EngineOptions withWorkerLimits(ResourceLimits limits) {
        return new EngineOptions(dataDirectory, adminPassword, rscript, rowsPerRead, workerPoolSize, limits);
    }

    /**
     * The data directory as the kernel sees it, symlinks resolved (as far as it exists): the
     * sandbox hides it, and a forked worker confines itself, by path, so a data directory
     * reached through a symlink into a system directory must be known by its real place.
     */
    static Path realPath(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (java.io.IOException e) {
            return abs;
        }
    }
}
