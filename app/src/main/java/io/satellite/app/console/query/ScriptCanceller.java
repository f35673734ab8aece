package io.satellite.app.console.query;

import io.satellite.app.console.session.ConsoleSession;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.RequestListener;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancels the external scripts a running batch started, with {@code SQLML.KILL_EXTERNAL_SCRIPT}
 * on a connection of its own (the batch's connection is busy). Embedded, the engine tells which
 * requests the batch's thread opened; on a server, they are the user's requests queued since
 * the batch began (so another batch of the same user started meanwhile would be cancelled too).
 * Derby cannot interrupt a plain SQL statement: that one runs to its end, and the rest of the
 * batch is skipped.
 */
public final class ScriptCanceller implements AutoCloseable {
    private final ConsoleSession session;
    private final Set<Long> opened = ConcurrentHashMap.newKeySet();
    private final RequestListener listener;
    private volatile Thread batchThread;
    private volatile Instant batchStart;
    private Connection control;

    public ScriptCanceller(ConsoleSession session) {
        this.session = session;
        this.listener = new RequestListener() {
            @Override
            public void queued(ExternalRequest r) {
                if (Thread.currentThread() == batchThread) {
                    opened.add(r.id());
                }
            }
        };
        session.requests().ifPresent(r -> r.addListener(listener));
    }

    /** On the batch's thread, as it begins. */
    void batchStarting() {
        opened.clear();
        batchStart = Instant.now();
        batchThread = Thread.currentThread();
    }

    /** On the batch's thread, as it ends. */
    void batchEnded() {
        batchThread = null;
    }

    /** Kills the batch's running requests; returns their ids. Off the UI thread, not on the batch's. */
    List<Long> cancel() throws SQLException {
        if (control == null) {
            control = session.openConnection();
        }
        List<Long> ids = session.requests().isPresent() ? new ArrayList<>(opened) : sinceBatchStart();
        List<Long> killed = new ArrayList<>();
        for (long id : ids) {
            try (CallableStatement c = control.prepareCall("CALL SQLML.KILL_EXTERNAL_SCRIPT(?)")) {
                c.setLong(1, id);
                c.execute();
                killed.add(id);
            } catch (SQLException e) {
                if (!"38S07".equals(e.getSQLState()) && !String.valueOf(e.getMessage()).startsWith("38S07")) {
                    throw e; // 38S07: the request has ended meanwhile
                }
            }
        }
        return killed;
    }

    private List<Long> sinceBatchStart() throws SQLException {
        Instant start = batchStart;
        List<Long> ids = new ArrayList<>();
        if (start == null) {
            return ids;
        }
        try (PreparedStatement s = control.prepareStatement("SELECT REQUEST_ID FROM"
                + " TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T WHERE USER_NAME = ? AND QUEUED_AT >= ?")) {
            s.setString(1, session.user());
            s.setTimestamp(2, Timestamp.from(start.minusSeconds(1)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
        session.requests().ifPresent(r -> r.removeListener(listener));
    }
}
