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
 * own owner connection as the operation runs (its step, k of n, and its log so far, at most
 * a few times a second), so a console, even a remote one, can follow it by reading the row.
 */
final class PackageOperationLog implements PackageProgress {
    private static final int MESSAGE_MAX = 4000;
    private final Connection owner;
    private final long id;
    private final StringBuilder log = new StringBuilder();
    private final PackageProgress listener;
    private long lastWrite;
    private int done;
    private int total = 1;
    private String current = "";

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
    public void step(int stepsDone, int stepsTotal, String what) {
        synchronized (this) {
            done = stepsDone;
            total = Math.max(1, stepsTotal);
            current = what;
            log.append("[").append(stepsDone).append('/').append(stepsTotal).append("] ").append(what).append('\n');
        }
        listener.step(stepsDone, stepsTotal, what);
        publish(true);
    }

    @Override
    public void log(String line) {
        synchronized (this) {
            log.append(line).append('\n');
        }
        listener.log(line);
        publish(false);
    }

    /** Writes the progress so far to the row: always for a step, at most 4 times a second for log lines. */
    private void publish(boolean now) {
        long t = System.nanoTime();
        String text;
        int d;
        int n;
        String what;
        synchronized (this) {
            if (!now && t - lastWrite < 250_000_000L) {
                return;
            }
            lastWrite = t;
            text = log.toString();
            d = done;
            n = total;
            what = current;
        }
        try (PreparedStatement ps = owner.prepareStatement("UPDATE SQLML.PACKAGE_OPERATION_LOG SET STEPS_DONE = ?,"
                + " STEPS_TOTAL = ?, CURRENT_STEP = ?, LOG = ? WHERE OPERATION_ID = ?")) {
            ps.setInt(1, d);
            ps.setInt(2, n);
            ps.setString(3, what.length() > 1000 ? what.substring(0, 997) + "..." : what);
            ps.setString(4, text);
            ps.setLong(5, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            // progress is a courtesy; the operation's outcome is written by finish()
        }
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
