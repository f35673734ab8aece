package io.satellite.engine.requests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes each finished request to {@code SQLML.EXTERNAL_SCRIPT_HISTORY}, off the job's
 * thread (one writer, in order), as the engine's own user.
 */
public final class RequestHistory implements RequestListener, AutoCloseable {
    /** Opens a connection as the database owner. */
    public interface Owner {
        Connection open() throws SQLException;
    }

    private static final int MAX_TEXT = 32_000;
    private final Owner owner;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "external-request-history");
        t.setDaemon(true);
        return t;
    });

    public RequestHistory(Owner owner) {
        this.owner = owner;
    }

    /** The highest request id ever recorded (ids continue after it). */
    public static long lastId(Connection c) throws SQLException {
        try (var s = c.createStatement();
             var rs = s.executeQuery("SELECT COALESCE(MAX(REQUEST_ID), 0) FROM SQLML.EXTERNAL_SCRIPT_HISTORY")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void finished(ExternalRequest r) {
        writer.execute(() -> write(r));
    }

    private void write(ExternalRequest r) {
        try (Connection c = owner.open(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO SQLML.EXTERNAL_SCRIPT_HISTORY VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, r.id());
            ps.setString(2, r.user());
            ps.setString(3, r.language());
            ps.setString(4, r.pool());
            ps.setString(5, r.state().name());
            ps.setTimestamp(6, Timestamp.from(r.queuedAt()));
            ps.setTimestamp(7, r.startedAt() == null ? null : Timestamp.from(r.startedAt()));
            ps.setTimestamp(8, Timestamp.from(r.endedAt()));
            ps.setLong(9, r.elapsedMillis());
            ps.setLong(10, r.rowsIn());
            ps.setLong(11, r.rowsOut());
            ps.setLong(12, r.bytesIn());
            ps.setLong(13, r.bytesOut());
            ps.setLong(14, r.peakResidentBytes());
            ps.setLong(15, r.cpuMillis());
            ps.setString(16, clip(r.error(), 4000));
            ps.setString(17, clip(r.script(), MAX_TEXT));
            ps.setString(18, clip(r.inputQuery(), MAX_TEXT));
            ps.setLong(19, r.readBytes());
            ps.setLong(20, r.writtenBytes());
            ps.executeUpdate();
        } catch (SQLException e) {
            System.err.println("satellite: could not record request " + r.id() + " in the history: " + e.getMessage());
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Waits until every finished request so far is written. */
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
}
