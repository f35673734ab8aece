package io.satellite.app.console.shell;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the status bar shows, read from the catalog and the DMVs (so it works the same on a
 * server): whether external scripts are enabled, requests running and queued, and the jobs
 * that failed since the last reading. Runs off the UI thread, on a connection of its own.
 */
final class EngineStatus {
    /** One reading. {@code scriptsEnabled} is the value in use (after RECONFIGURE). */
    record Reading(boolean scriptsEnabled, int running, int queued, List<FailedJob> failedSince) {
    }

    /** A request that ended FAILED or CANCELLED. */
    record FailedJob(long requestId, String user, String status, String error) {
    }

    private final Connection connection;
    private long lastSeen = -1;

    EngineStatus(Connection connection) {
        this.connection = connection;
    }

    Reading read() throws SQLException {
        boolean enabled;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT VALUE_IN_USE FROM SQLML.CONFIGURATION WHERE NAME = 'external scripts enabled'");
             ResultSet rs = s.executeQuery()) {
            enabled = rs.next() && rs.getInt(1) == 1;
        }
        int running = 0;
        int queued = 0;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT STATE, COUNT(*) FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T GROUP BY STATE");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if ("QUEUED".equals(rs.getString(1))) {
                    queued += rs.getInt(2);
                } else {
                    running += rs.getInt(2);
                }
            }
        }
        return new Reading(enabled, running, queued, failedSinceLastReading());
    }

    private List<FailedJob> failedSinceLastReading() throws SQLException {
        List<FailedJob> failed = new ArrayList<>();
        if (lastSeen < 0) {
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT COALESCE(MAX(REQUEST_ID), 0) FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                lastSeen = rs.getLong(1);
            }
            return failed;
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT REQUEST_ID, USER_NAME, STATUS, ERROR_TEXT"
                + " FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V WHERE REQUEST_ID > ? ORDER BY REQUEST_ID")) {
            s.setLong(1, lastSeen);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lastSeen = Math.max(lastSeen, rs.getLong(1));
                    if (!"SUCCEEDED".equals(rs.getString(3))) {
                        failed.add(new FailedJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return failed;
    }
}
