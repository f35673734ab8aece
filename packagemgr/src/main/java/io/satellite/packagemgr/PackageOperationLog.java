package io.satellite.packagemgr;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * One row of {@code SQLML.PACKAGE_OPERATION_LOG} per operation: who did what to which
 * packages, how it ended, and its full log (R CMD INSTALL's output included). Written on its
 * own owner connection so the row is there while the operation runs.
 */
final class PackageOperationLog implements PackageProgress {
    private static final int MESSAGE_MAX = 4000;
    private final Connection owner;
    private final long id;
    private final StringBuilder log = new StringBuilder();
    private final PackageProgress listener;

    private PackageOperationLog(Connection owner, long id, PackageProgress listener) {
        this.owner = owner;
        this.id = id;
        this.listener = listener;
    }

    static PackageOperationLog start(Connection owner, String user, String action, String packages, String language,
                                     LibraryScope scope, PackageProgress listener) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("INSERT INTO SQLML.PACKAGE_OPERATION_LOG (USER_NAME, ACTION,"
                + " PACKAGES, LANGUAGE, SCOPE, STATUS, STARTED_AT) VALUES (?, ?, ?, ?, ?, 'RUNNING', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, user);
            ps.setString(2, action);
            ps.setString(3, clip(packages));
            ps.setString(4, language);
            ps.setString(5, scope == null ? null : scope.name());
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return new PackageOperationLog(owner, keys.getLong(1), listener);
            }
        }
    }

    long id() {
        return id;
    }

    @Override
    public void step(int done, int total, String what) {
        log("[" + done + "/" + total + "] " + what);
        listener.step(done, total, what);
    }

    @Override
    public synchronized void log(String line) {
        log.append(line).append('\n');
        listener.log(line);
    }

    synchronized String text() {
        return log.toString();
    }

    /** Records how the operation ended: SUCCEEDED or FAILED, with a message. */
    void finish(boolean succeeded, String message) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("UPDATE SQLML.PACKAGE_OPERATION_LOG SET STATUS = ?,"
                + " ENDED_AT = ?, MESSAGE = ?, LOG = ? WHERE OPERATION_ID = ?")) {
            ps.setString(1, succeeded ? "SUCCEEDED" : "FAILED");
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, message == null ? null : clip(message));
            ps.setString(4, text());
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    private static String clip(String s) {
        return s.length() <= MESSAGE_MAX ? s : s.substring(0, MESSAGE_MAX - 3) + "...";
    }
}
