package io.satellite.app.console.jobs;

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
 * The Jobs view's SQL: running requests with their latest sample, the history, KILL. Only DMVs
 * and catalog views, so it works the same embedded and over a server, and a user sees only
 * their own jobs unless administrator. Not thread-safe: one caller thread (the view's executor).
 */
public final class JobsSource {
    static final int HISTORY_ROWS = 500;
    private static final String ACTIVE = "SELECT r.REQUEST_ID, r.USER_NAME, r.LANGUAGE, r.POOL_NAME, r.STATE, r.PID,"
            + " r.ELAPSED_MS, r.ROWS_IN, r.ROWS_OUT, u.SAMPLED_AT, u.CPU_PERCENT, u.RESIDENT_BYTES, u.READ_BYTES,"
            + " u.WRITTEN_BYTES FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) r"
            + " LEFT OUTER JOIN TABLE(SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()) u ON u.REQUEST_ID = r.REQUEST_ID"
            + " ORDER BY r.REQUEST_ID";
    private final Connection connection;

    public JobsSource(Connection connection) {
        this.connection = connection;
    }

    public List<ActiveJob> active() throws SQLException {
        List<ActiveJob> jobs = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(ACTIVE); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Timestamp sampled = rs.getTimestamp(10);
                jobs.add(new ActiveJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                        sampled == null ? null : sampled.toInstant(), rs.getDouble(11), rs.getLong(12),
                        rs.getLong(13), rs.getLong(14)));
            }
        }
        return jobs;
    }

    /** The newest {@value #HISTORY_ROWS} finished jobs that pass the filter, newest first. */
    public List<FinishedJob> history(HistoryFilter filter, Instant now) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT REQUEST_ID, USER_NAME, LANGUAGE, POOL_NAME, STATUS, QUEUED_AT,"
                + " ENDED_AT, ELAPSED_MS, ROWS_IN, ROWS_OUT, PEAK_RSS_BYTES, CPU_MS, READ_BYTES, WRITTEN_BYTES,"
                + " WORKERS, ERROR_TEXT, SCRIPT, INPUT_QUERY FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        Instant since = filter.range().since(now);
        if (since != null) {
            sql.append(" AND ENDED_AT >= ?");
            args.add(Timestamp.from(since));
        }
        if (!filter.user().isEmpty()) {
            sql.append(" AND USER_NAME = ?");
            args.add(filter.user());
        }
        if (filter.status() != null) {
            sql.append(" AND STATUS = ?");
            args.add(filter.status());
        }
        sql.append(" ORDER BY REQUEST_ID DESC FETCH FIRST ").append(HISTORY_ROWS).append(" ROWS ONLY");
        List<FinishedJob> jobs = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new FinishedJob(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getLong(8),
                            rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13),
                            rs.getLong(14), rs.getInt(15), rs.getString(16), rs.getString(17), rs.getString(18)));
                }
            }
        }
        return jobs;
    }

    /** {@code SQLML.KILL_EXTERNAL_SCRIPT(id)}: kills the request's whole process tree. */
    public void kill(long requestId) throws SQLException {
        try (CallableStatement c = connection.prepareCall("CALL SQLML.KILL_EXTERNAL_SCRIPT(?)")) {
            c.setLong(1, requestId);
            c.execute();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
