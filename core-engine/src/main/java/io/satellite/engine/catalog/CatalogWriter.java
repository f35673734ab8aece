package io.satellite.engine.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes catalog rows off the caller's thread, one writer, in order, each on its own
 * connection as the database owner: the job history and the audit log. A caller's
 * transaction never holds these writes up, and its rollback never takes them back.
 */
public final class CatalogWriter implements AutoCloseable {
    /** Opens a connection as the database owner. */
    @FunctionalInterface
    public interface Owner {
        Connection open() throws SQLException;
    }

    /** One write, given the owner's connection. */
    @FunctionalInterface
    public interface Write {
        void on(Connection owner) throws SQLException;
    }

    private final Owner owner;
    private final String what;
    private final ExecutorService writer;

    public CatalogWriter(String what, Owner owner) {
        this.what = what;
        this.owner = owner;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catalog-writer-" + what);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues a write; a failure is reported on stderr, naming what was not recorded. */
    public void submit(String description, Write write) {
        try {
            writer.execute(() -> run(description, write));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            run(description, write); // closing: write it on the caller's thread rather than lose it
        }
    }

    private void run(String description, Write write) {
        try (Connection c = owner.open()) {
            write.on(c);
        } catch (SQLException e) {
            System.err.println("satellite: could not record " + description + " in the " + what + ": "
                    + e.getMessage());
        }
    }

    /** Waits until every write queued so far is done. */
    public void flush() {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        flush();
        writer.shutdown();
    }

    /** Clips text to a column's width. */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
