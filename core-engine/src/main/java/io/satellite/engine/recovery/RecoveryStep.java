package io.satellite.engine.recovery;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/**
 * A module's own start-up recovery, run by {@link BootRecovery} after the engine's: for
 * example the package manager rolling back an install the engine died in the middle of (its
 * staging area removed, the library as before the install). Found with
 * {@link java.util.ServiceLoader}: a module lists its class in
 * {@code META-INF/services/io.satellite.engine.recovery.RecoveryStep}.
 *
 * <p>It runs once per start, before the engine serves anyone, with the database open (only
 * this engine can hold it) and no worker running. It must be idempotent: the engine can die
 * again in the middle of it.
 */
public interface RecoveryStep {
    /** What it recovers, e.g. "package installs". */
    String name();

    /**
     * Recovers what a previous engine left half done; returns one line per thing it did (empty
     * if there was nothing to do). A failure stops the engine's start with its message.
     */
    List<String> recover(Path dataDirectory, Connection owner) throws Exception;
}
