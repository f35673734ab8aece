package io.satellite.engine.recovery;

import io.satellite.engine.requests.JournalEntry;
import io.satellite.engine.requests.RequestJournal;
import io.satellite.engine.requests.RequestState;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditTrail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * At start-up, the requests the previous engine had in hand when it died (what its
 * {@link RequestJournal} kept): each one not yet in the history gets its row, and its audit
 * row. One that had not finished is recorded as FAILED, with the reason; one that had
 * finished (its caller was answered) but whose row was not yet committed is recorded as it ended.
 */
public final class InterruptedRequests {
    /** The start of the error of a request that was running when the engine stopped. */
    public static final String REASON = "the engine stopped while the job ran";

    private InterruptedRequests() {
    }

    /** Records every journal entry in the history and removes the entries; returns the requests it recorded. */
    public static List<JournalEntry> recover(Path dataDirectory, Connection owner, Instant now)
            throws IOException, SQLException {
        Path dir = RequestJournal.directory(dataDirectory);
        List<JournalEntry> recorded = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return recorded;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted(java.util.Comparator.comparingLong(InterruptedRequests::idOf)).toList();
        }
        boolean auto = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try {
            for (Path file : files) {
                if (!file.getFileName().toString().endsWith(".request")) {
                    continue;
                }
                JournalEntry e;
                try {
                    e = JournalEntry.read(file);
                } catch (IOException unreadable) {
                    // the engine died as it created the entry: the request had not reached a worker
                    System.err.println("satellite: " + unreadable.getMessage() + "; removed");
                    Files.deleteIfExists(file);
                    continue;
                }
                if (!inHistory(owner, e.id())) {
                    JournalEntry row = e.state().finished() ? e : interrupted(e, now);
                    insertHistory(owner, row);
                    if (!audited(owner, e.id())) {
                        AuditTrail.write(owner, auditEvent(row, now));
                    }
                    recorded.add(row);
                }
            }
            owner.commit();
        } catch (SQLException | RuntimeException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(auto);
        }
        for (Path file : files) {
            if (recordedOrKnown(owner, file)) {
                Files.deleteIfExists(file);
            }
        }
        return recorded;
    }

    /** The request id an entry's name carries (entries of other names sort last). */
    private static long idOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.')));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean recordedOrKnown(Connection owner, Path file) throws SQLException {
        String name = file.getFileName().toString();
        if (!name.endsWith(".request")) {
            return false;
        }
        try {
            return inHistory(owner, Long.parseLong(name.substring(0, name.length() - ".request".length())));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The entry of an unfinished request as a FAILED one, with the reason and where it was. */
    static JournalEntry interrupted(JournalEntry e, Instant now) {
        String where = switch (e.state()) {
            case QUEUED -> "it was waiting in resource pool " + e.pool() + "'s queue";
            case STREAMING -> "its output rows were being returned" + onWorkers(e);
            default -> "it was running" + onWorkers(e) + (e.startedAt() == null ? "" : " since " + e.startedAt());
        };
        String error = REASON + " (" + where + "); found at the next start, " + now
                + ". Its workers were stopped and their directories removed.";
        return new JournalEntry(e.id(), e.user(), e.language(), e.pool(), RequestState.FAILED, e.queuedAt(),
                e.startedAt(), now, e.pids(), error, e.script(), e.inputQuery(), e.rowsIn(), e.rowsOut(), e.bytesIn(),
                e.bytesOut(), e.cpuMillis(), e.peakResidentBytes(), e.workers());
    }

    private static String onWorkers(JournalEntry e) {
        if (e.pids().isEmpty()) {
            return "";
        }
        return (e.pids().size() == 1 ? " on worker pid " : " on worker pids ")
                + String.join(", ", e.pids().stream().map(String::valueOf).toList());
    }

    private static boolean inHistory(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE REQUEST_ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean audited(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM SQLML.AUDIT_LOG WHERE REQUEST_ID = ? AND ACTION = ?")) {
            ps.setLong(1, id);
            ps.setString(2, AuditEvent.Actions.EXECUTE_SCRIPT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insertHistory(Connection c, JournalEntry e) throws SQLException {
        Instant ended = e.endedAt() == null ? Instant.now() : e.endedAt();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO SQLML.EXTERNAL_SCRIPT_HISTORY (REQUEST_ID, USER_NAME, LANGUAGE, POOL_NAME, STATUS,"
                        + " QUEUED_AT, STARTED_AT, ENDED_AT, ELAPSED_MS, ROWS_IN, ROWS_OUT, BYTES_IN, BYTES_OUT,"
                        + " PEAK_RSS_BYTES, CPU_MS, ERROR_TEXT, SCRIPT, INPUT_QUERY, WORKERS)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, e.id());
            ps.setString(2, e.user());
            ps.setString(3, e.language());
            ps.setString(4, e.pool());
            ps.setString(5, e.state().name());
            ps.setTimestamp(6, Timestamp.from(e.queuedAt()));
            ps.setTimestamp(7, e.startedAt() == null ? null : Timestamp.from(e.startedAt()));
            ps.setTimestamp(8, Timestamp.from(ended));
            ps.setLong(9, Math.max(0, java.time.Duration.between(e.queuedAt(), ended).toMillis()));
            ps.setLong(10, e.rowsIn());
            ps.setLong(11, e.rowsOut());
            ps.setLong(12, e.bytesIn());
            ps.setLong(13, e.bytesOut());
            ps.setLong(14, e.peakResidentBytes());
            ps.setLong(15, e.cpuMillis());
            ps.setString(16, clip(e.error(), 4000));
            ps.setString(17, e.script());
            ps.setString(18, e.inputQuery());
            ps.setInt(19, e.workers());
            ps.executeUpdate();
        }
    }

    private static AuditEvent auditEvent(JournalEntry e, Instant now) {
        AuditEvent.Outcome outcome = switch (e.state()) {
            case SUCCEEDED -> AuditEvent.Outcome.SUCCEEDED;
            case CANCELLED -> AuditEvent.Outcome.CANCELLED;
            default -> AuditEvent.Outcome.FAILED;
        };
        AuditEvent ev = AuditEvent.script(e.user(), e.id(), e.language(), e.pool(), e.script(), e.inputQuery(),
                outcome, e.error());
        return new AuditEvent(e.endedAt() == null ? now : e.endedAt(), ev.principal(), ev.action(), ev.objectName(),
                ev.outcome(), ev.detail(), ev.requestId(), ev.language(), ev.pool(), ev.script(), ev.inputQuery());
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
