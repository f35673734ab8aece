package io.satellite.app.console.audit;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Audit view's SQL: {@code SQLML.AUDIT} (administrators only; others get no rows),
 * {@code SQLML.IS_ADMIN()} and {@code SQLML.EXPORT_AUDIT}. One caller thread.
 */
public final class AuditSource {
    static final int ROWS = 1000;
    private final Connection connection;

    public AuditSource(Connection connection) {
        this.connection = connection;
    }

    public boolean isAdmin() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("VALUES SQLML.IS_ADMIN()");
             ResultSet rs = s.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** The actions recorded so far, for the filter. */
    public List<String> actions() throws SQLException {
        List<String> actions = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT DISTINCT ACTION FROM SQLML.AUDIT ORDER BY ACTION");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
        }
        return actions;
    }

    /** The newest {@value #ROWS} events that pass the filter, newest first. */
    public List<AuditEntry> events(AuditFilter f, Instant now) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT AUDIT_ID, EVENT_TIME, PRINCIPAL, ACTION, OBJECT_NAME, OUTCOME,"
                + " DETAIL, REQUEST_ID, LANGUAGE, POOL_NAME, SCRIPT_HASH, SCRIPT, INPUT_QUERY FROM SQLML.AUDIT WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        Instant since = f.range().since(now);
        if (since != null) {
            sql.append(" AND EVENT_TIME >= ?");
            args.add(Timestamp.from(since));
        }
        if (!f.principal().isEmpty()) {
            sql.append(" AND UPPER(PRINCIPAL) = ?");
            args.add(f.principal());
        }
        if (f.action() != null) {
            sql.append(" AND ACTION = ?");
            args.add(f.action());
        }
        if (f.outcome() != null) {
            sql.append(" AND OUTCOME = ?");
            args.add(f.outcome());
        }
        sql.append(" ORDER BY AUDIT_ID DESC FETCH FIRST ").append(ROWS).append(" ROWS ONLY");
        List<AuditEntry> events = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long req = rs.getLong(8);
                    Long requestId = rs.wasNull() ? null : req;
                    events.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), requestId,
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
                }
            }
        }
        return events;
    }

    /** {@code SQLML.EXPORT_AUDIT(file)}: the engine writes the whole log as CSV to a new file on its host. */
    public void export(String file) throws SQLException {
        try (CallableStatement c = connection.prepareCall("CALL SQLML.EXPORT_AUDIT(?)")) {
            c.setString(1, file);
            c.execute();
        }
    }
}
