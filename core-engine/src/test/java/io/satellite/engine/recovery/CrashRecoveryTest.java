package io.satellite.engine.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import io.satellite.engine.requests.RequestJournal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine process killed with SIGKILL in the middle of work, then started again on the
 * same data directory: what was committed is there, nothing half-written is, no process of
 * the dead engine lives on, its job directories are gone, and the jobs it was running are in
 * the history as failed, with the reason.
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashRecoveryTest {
    private static final int ROWS_PER_TRANSACTION = 5;
    private static final int RUNNING_SCRIPTS = 10;

    @TempDir
    Path dir;

    @Test
    void aCrashDuringCommittedInsertsLosesNoCommittedRowAndShowsNoHalfTransaction() throws Exception {
        Path data = dir.resolve("data");
        AtomicInteger acknowledged = new AtomicInteger(-1);
        try (EngineProcess engine = EngineProcess.start(data, 1)) {
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE ORDERS (TXN INT NOT NULL, LINE INT NOT NULL, AMOUNT DECIMAL(10,2),"
                        + " NOTE VARCHAR(200), PRIMARY KEY (TXN, LINE))");
            }
            // a transaction that never commits: its rows must never be seen
            Connection open = engine.connectAsAdmin();
            open.setAutoCommit(false);
            try (PreparedStatement ps = open.prepareStatement("INSERT INTO ORDERS VALUES (-1, ?, 1.00, 'never committed')")) {
                for (int i = 0; i < 200; i++) {
                    ps.setInt(1, i);
                    ps.executeUpdate();
                }
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeTransactions(engine, acknowledged));
            while (acknowledged.get() < 150 && !writer.isDone()) {
                Thread.sleep(20);
            }
            assertFalse(writer.isDone(), "the writer stopped before the crash: " + engine.output());
            engine.kill();
            writer.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
        }
        int acked = acknowledged.get();
        System.out.println("[crash] killed the engine after " + (acked + 1) + " acknowledged transactions of "
                + ROWS_PER_TRANSACTION + " rows each");
        try (Engine engine = TestEngines.start(data); Connection c = engine.connectAsAdmin()) {
            Map<Integer, Integer> linesPerTransaction = new HashMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT TXN, COUNT(*) FROM ORDERS GROUP BY TXN")) {
                while (rs.next()) {
                    linesPerTransaction.put(rs.getInt(1), rs.getInt(2));
                }
            }
            for (int t = 0; t <= acked; t++) {
                assertEquals(ROWS_PER_TRANSACTION, linesPerTransaction.getOrDefault(t, 0),
                        "every line of acknowledged transaction " + t);
            }
            linesPerTransaction.forEach((txn, lines) -> {
                assertTrue(txn >= 0, "rows of the transaction that never committed are visible");
                assertTrue(txn <= acked + 1, "transaction " + txn + " was never sent");
                assertEquals(ROWS_PER_TRANSACTION, lines, "transaction " + txn + " is half there");
            });
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("VALUES SYSCS_UTIL.SYSCS_CHECK_TABLE('ADMIN', 'ORDERS')")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the table and its index agree");
            }
        }
    }

    /** Transactions of five rows each, numbered from 0; the number of the last one committed is acknowledged. */
    private static void writeTransactions(EngineProcess engine, AtomicInteger acknowledged) {
        try (Connection c = engine.connectAsAdmin();
             PreparedStatement ps = c.prepareStatement("INSERT INTO ORDERS VALUES (?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int t = 0; ; t++) {
                for (int line = 0; line < ROWS_PER_TRANSACTION; line++) {
                    ps.setInt(1, t);
                    ps.setInt(2, line);
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(t * 100 + line, 2));
                    ps.setString(4, "order " + t + " line " + line);
                    ps.executeUpdate();
                }
                c.commit();
                acknowledged.set(t);
            }
        } catch (SQLException e) {
            // the engine was killed
        }
    }

    @Test
    void aCrashWithTenScriptsRunningLeavesNoProcessNoDirectoryAndFailsThemInTheHistory() throws Exception {
        Path data = dir.resolve("data");
        List<Long> requestIds = new ArrayList<>();
        List<Long> workerPids = new ArrayList<>();
        List<Path> jobDirectories = new ArrayList<>();
        long finishedBefore;
        try (EngineProcess engine = EngineProcess.start(data, 3)) {
            try (Connection c = engine.connectAsAdmin()) {
                assertEquals("done", runR(c, "OutputDataSet <- data.frame(x = 'done')"), "a job before the crash");
            }
            finishedBefore = 1;
            List<CompletableFuture<String>> running = new ArrayList<>();
            for (int i = 0; i < RUNNING_SCRIPTS; i++) {
                boolean python = i % 3 == 2;
                running.add(CompletableFuture.supplyAsync(() -> {
                    try (Connection c = engine.connectAsAdmin()) {
                        return python ? runPython(c, "import time\ntime.sleep(600)\nOutputDataSet = InputDataSet")
                                : runR(c, "Sys.sleep(600)");
                    } catch (SQLException e) {
                        return e.getSQLState() + " " + e.getMessage();
                    }
                }));
            }
            awaitRunning(engine, requestIds, workerPids);
            for (long pid : workerPids) {
                jobDirectories.add(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")));
            }
            assertTrue(Files.list(RequestJournal.directory(data)).count() >= RUNNING_SCRIPTS,
                    "the running requests are journaled");
            engine.kill();
            for (CompletableFuture<String> job : running) {
                String outcome = job.get(60, TimeUnit.SECONDS);
                assertTrue(outcome.startsWith("08"), "a client of the killed engine loses its connection: " + outcome);
            }
        }
        // the kernel ends the sandboxes with the engine (bubblewrap's --die-with-parent, the PID namespace)
        assertTrue(processesOf(data, 10_000).isEmpty(), "processes of the dead engine: " + processesOf(data, 0));
        for (long pid : workerPids) {
            assertFalse(ProcessHandle.of(pid).map(p -> p.isAlive() && p.info().commandLine().orElse("")
                    .contains(data.toString())).orElse(false), "worker " + pid + " outlived the engine");
        }
        assertTrue(jobDirectories.stream().allMatch(Files::exists), "the dead engine left its job directories");

        try (Engine engine = TestEngines.startEnabled(data); Connection c = engine.connectAsAdmin()) {
            assertEquals(RUNNING_SCRIPTS, engine.recovery().requests().size(), engine.recovery().lines().toString());
            for (Path d : jobDirectories) {
                assertFalse(Files.exists(d), "a job directory of the dead engine is still there: " + d);
            }
            try (Stream<Path> left = Files.list(RequestJournal.directory(data))) {
                assertEquals(List.of(), left.toList(), "journal entries left after recovery");
            }
            Map<Long, String[]> history = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT REQUEST_ID, STATUS, ERROR_TEXT, LANGUAGE FROM SQLML.EXTERNAL_SCRIPT_HISTORY")) {
                while (rs.next()) {
                    history.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            assertEquals(finishedBefore + RUNNING_SCRIPTS, history.size(), "history rows: the finished job and the ten");
            for (long id : requestIds) {
                String[] row = history.get(id);
                assertTrue(row != null, "request " + id + " is missing from the history");
                assertEquals("FAILED", row[0]);
                assertTrue(row[1].startsWith("the engine stopped while the job ran (it was running on worker pid "),
                        row[1]);
            }
            assertEquals(3, history.values().stream().filter(r -> r[2].equals("Python")).count());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SQLML.AUDIT"
                    + " WHERE ACTION = 'EXECUTE EXTERNAL SCRIPT' AND OUTCOME = 'FAILED'"
                    + " AND DETAIL LIKE 'the engine stopped while the job ran%'")) {
                rs.next();
                assertEquals(RUNNING_SCRIPTS, rs.getInt(1), "the audit log records the interrupted executions");
            }
            long next = requestIds.stream().mapToLong(Long::longValue).max().orElseThrow() + 1;
            assertEquals("after", runR(c, "OutputDataSet <- data.frame(x = 'after')"), "the next job");
            engine.flushHistory();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT STATUS FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE REQUEST_ID = " + next)) {
                assertTrue(rs.next(), "request ids go on after the recovered ones");
                assertEquals("SUCCEEDED", rs.getString(1));
            }
        }
        try (Engine engine = TestEngines.start(data)) {
            assertTrue(engine.recovery().clean(), "a clean stop leaves nothing to recover: " + engine.recovery().lines());
        }
    }

    @Test
    void processesLeftInTheDataDirectoryAreStoppedAtTheNextStart() throws Exception {
        Path data = dir.resolve("data");
        try (Engine engine = TestEngines.start(data)) {
            assertTrue(engine.recovery().clean());
        }
        // what an unconfined worker's child leaves when its engine dies: a process in a job directory,
        // detached from everything (its own session, re-parented to init)
        Path jobDir = Files.createDirectories(data.resolve("jobs").resolve("job-left-behind"));
        Process setsid = new ProcessBuilder("setsid", "-f", "sleep", "600").directory(jobDir.toFile()).start();
        setsid.waitFor(10, TimeUnit.SECONDS);
        List<Long> left = processesOf(data, 0);
        assertEquals(1, left.size(), "the stray process runs: " + left);
        try (Engine engine = TestEngines.start(data)) {
            assertEquals(left, engine.recovery().orphans().stream().map(OrphanProcesses.Orphan::pid).toList());
            assertTrue(processesOf(data, 0).isEmpty(), "still alive: " + processesOf(data, 0));
            assertFalse(Files.exists(jobDir));
            assertTrue(engine.recovery().lines().stream().anyMatch(l -> l.contains("stopped leftover process")
                    && l.contains("sleep 600")), engine.recovery().lines().toString());
        }
    }

    /** Waits until all ten requests run, each on a worker; collects their ids and worker pids. */
    private static void awaitRunning(EngineProcess engine, List<Long> ids, List<Long> pids) throws Exception {
        for (int i = 0; i < 600; i++) {
            ids.clear();
            pids.clear();
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT REQUEST_ID, PID FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T"
                            + " WHERE STATE = 'RUNNING' AND PID > 0")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    pids.add(rs.getLong(2));
                }
            }
            if (ids.size() == RUNNING_SCRIPTS && pids.stream().allMatch(CrashRecoveryTest::inJobDirectory)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the ten scripts did not all run: " + ids + "\n" + engine.output());
    }

    private static boolean inJobDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).getFileName().toString()
                    .startsWith("job-");
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Processes whose command line or working directory names the data directory, other than
     * those of an engine running in this JVM, after waiting up to {@code waitMillis} for there to
     * be none (read here, independently of the engine's own sweep).
     */
    static List<Long> processesOf(Path data, long waitMillis) throws Exception {
        long deadline = System.currentTimeMillis() + waitMillis;
        String marker = data.toAbsolutePath().toString();
        while (true) {
            java.util.Set<Long> ours = new java.util.HashSet<>();
            ProcessHandle.current().descendants().forEach(p -> ours.add(p.pid()));
            List<Long> found = new ArrayList<>();
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.toList()) {
                    String name = proc.getFileName().toString();
                    if (!name.matches("\\d+") || Long.parseLong(name) == ProcessHandle.current().pid()
                            || ours.contains(Long.parseLong(name))) {
                        continue;
                    }
                    try {
                        String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                        String cwd = Files.readSymbolicLink(proc.resolve("cwd")).toString();
                        if (!cmd.isEmpty() && (cmd.contains(marker + "/") || cwd.startsWith(marker + "/"))) {
                            found.add(Long.parseLong(name));
                        }
                    } catch (java.io.IOException e) {
                        // gone meanwhile
                    }
                }
            }
            ProcessHandle.current().descendants().forEach(p -> found.remove(p.pid())); // forked meanwhile
            if (found.isEmpty() || System.currentTimeMillis() >= deadline) {
                return found;
            }
            Thread.sleep(100);
        }
    }

    private static String runR(Connection c, String script) throws SQLException {
        return run(c, "R", script);
    }

    private static String runPython(Connection c, String script) throws SQLException {
        return run(c, "Python", script);
    }

    private static String run(Connection c, String language, String script) throws SQLException {
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?,"
                + " 'SELECT 1 AS X FROM SYSIBM.SYSDUMMY1', NULL, NULL, NULL, NULL)")) {
            cs.setString(1, language);
            cs.setString(2, script);
            if (cs.execute()) {
                try (ResultSet rs = cs.getResultSet()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
            return null;
        }
    }
}
