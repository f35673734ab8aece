package io.satellite.engine.security;

import io.satellite.engine.catalog.CatalogWriter;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.RequestListener;
import io.satellite.engine.requests.RequestState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Optional;

import static io.satellite.engine.catalog.CatalogWriter.clip;

/**
 * Appends to {@code SQLML.AUDIT_LOG}: every script execution (as it finishes, or as it is
 * refused), every user, role, permission, configuration and pool change, every failed
 * login. Written by the engine's own writer, so an audited attempt stays recorded even when
 * the caller's transaction rolls back. Derby calls procedures as static methods, so the
 * running engine installs its trail here.
 */
public final class AuditTrail implements RequestListener, AutoCloseable {
    private static final int MAX_TEXT = 32_000;
    private static volatile AuditTrail current;
    private final CatalogWriter writer;

    public AuditTrail(CatalogWriter.Owner owner) {
        this.writer = new CatalogWriter("audit log", owner);
    }

    public static void install(AuditTrail trail) {
        current = trail;
    }

    public static void uninstall(AuditTrail trail) {
        if (current == trail) {
            current = null;
        }
    }

    /** Records an event with the running engine's trail, if there is one. */
    public static void note(AuditEvent event) {
        Optional.ofNullable(current).ifPresent(t -> t.record(event));
    }

    public void record(AuditEvent e) {
        writer.submit("'" + e.action() + "' by " + e.principal(), c -> write(c, e));
    }

    @Override
    public void finished(ExternalRequest r) {
        AuditEvent.Outcome outcome = r.state() == RequestState.SUCCEEDED ? AuditEvent.Outcome.SUCCEEDED
                : r.state() == RequestState.CANCELLED ? AuditEvent.Outcome.CANCELLED : AuditEvent.Outcome.FAILED;
        String detail = r.error() != null ? r.error() : r.cancelReason();
        record(AuditEvent.script(r.user(), r.id(), r.language(), r.pool(), r.script(), r.inputQuery(), outcome,
                detail));
    }

    /** Writes one event now, on the given connection of the owner (start-up recovery writes in its own transaction). */
    public static void write(Connection c, AuditEvent e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO SQLML.AUDIT_LOG (EVENT_TIME, PRINCIPAL, ACTION,"
                + " OBJECT_NAME, OUTCOME, DETAIL, REQUEST_ID, LANGUAGE, POOL_NAME, SCRIPT_HASH, SCRIPT, INPUT_QUERY)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setTimestamp(1, Timestamp.from(e.at()));
            ps.setString(2, e.principal());
            ps.setString(3, e.action());
            ps.setString(4, clip(e.objectName(), 256));
            ps.setString(5, e.outcome().name());
            ps.setString(6, clip(e.detail(), 4000));
            if (e.requestId() == null) {
                ps.setNull(7, Types.BIGINT);
            } else {
                ps.setLong(7, e.requestId());
            }
            ps.setString(8, e.language());
            ps.setString(9, e.pool());
            ps.setString(10, e.scriptHash());
            ps.setString(11, clip(e.script(), MAX_TEXT));
            ps.setString(12, clip(e.inputQuery(), MAX_TEXT));
            ps.executeUpdate();
        }
    }

    /** Waits until every event so far is written. */
    public void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        writer.close();
    }
}
