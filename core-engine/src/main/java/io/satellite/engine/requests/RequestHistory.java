package io.satellite.engine.requests;

import io.satellite.engine.catalog.CatalogWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.function.LongConsumer;

import static io.satellite.engine.catalog.CatalogWriter.clip;

/**
 * Writes each finished request to {@code SQLML.EXTERNAL_SCRIPT_HISTORY}, off the job's
 * thread (one writer, in order), as the engine's own user.
 */
public final class RequestHistory implements RequestListener, AutoCloseable {
    private static final int MAX_TEXT = 32_000;
    private final CatalogWriter writer;
    private final LongConsumer recorded;

    public RequestHistory(CatalogWriter.Owner owner) {
        this(owner, id -> { });
    }

    /** A history that tells {@code recorded} each request whose row is committed (the journal forgets it). */
    public RequestHistory(CatalogWriter.Owner owner, LongConsumer recorded) {
        this.writer = new CatalogWriter("history", owner);
        this.recorded = recorded;
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
        writer.submit("request " + r.id(), c -> {
            write(c, r);
            recorded.accept(r.id());
        });
    }

    private static void write(Connection c, ExternalRequest r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO SQLML.EXTERNAL_SCRIPT_HISTORY (REQUEST_ID, USER_NAME, LANGUAGE, POOL_NAME, STATUS,"
                        + " QUEUED_AT, STARTED_AT, ENDED_AT, ELAPSED_MS, ROWS_IN, ROWS_OUT, BYTES_IN, BYTES_OUT,"
                        + " PEAK_RSS_BYTES, CPU_MS, ERROR_TEXT, SCRIPT, INPUT_QUERY, WORKERS, READ_BYTES, WRITTEN_BYTES)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
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
            ps.setInt(19, Math.max(1, r.workerCount()));
            ps.setLong(20, r.readBytes());
            ps.setLong(21, r.writtenBytes());
            ps.executeUpdate();
        }
    }

    /** Waits until every finished request so far is written. */
    public void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
