package io.satellite.engine.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes catalog rows off the caller's thread, one writer, in order, on its own connection
 * as the database owner (kept open between writes): the job history and the audit log. A caller's
 * transaction never holds these writes up, and its rollback never takes them back. Only past a
 * backlog of {@value #MAX_QUEUED} writes does a caller write its own row, on a connection of its own.
 */
public final class CatalogWriter implements AutoCloseable {
    /** Writes queued beyond this are made on the caller's thread. */
    static final int MAX_QUEUED = 1_000;

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
    private final AtomicInteger queued = new AtomicInteger();
    /** The writer thread's connection (used on that thread only). */
    private Connection connection;

    public CatalogWriter(String what, Owner owner) {
        this.what = what;
        this.owner = owner;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catalog-writer-" + what);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a write; a failure is reported on stderr, naming what was not recorded. Past
     * {@value #MAX_QUEUED} queued writes (Derby cannot keep up: a stalled disk, a host starved
     * of CPU), the caller writes its own, so the backlog and the memory it holds stay bounded.
     */
    public void submit(String description, Write write) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            writeHere(description, write);
            return;
        }
        try {
            writer.execute(() -> {
                queued.decrementAndGet();
                run(description, write);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
            writeHere(description, write); // closing: write it on the caller's thread rather than lose it
        }
    }

    private void writeHere(String description, Write write) {
        try (Connection c = owner.open()) {
            write.on(c);
        } catch (SQLException failed) {
            report(description, failed);
        }
    }

    /** On the writer thread: one connection, kept open between writes (opening one costs a login). */
    private void run(String description, Write write) {
        try {
            if (connection == null || connection.isClosed()) {
                connection = owner.open();
            }
            write.on(connection);
        } catch (SQLException e) {
            report(description, e);
            closeConnection();
        }
    }

    private void report(String description, SQLException e) {
        System.err.println("satellite: could not record " + description + " in the " + what + ": " + e.getMessage());
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // going away
        }
        connection = null;
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
        try {
            writer.submit(this::closeConnection).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        writer.shutdown();
    }

    /** Clips text to a column's width. */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
