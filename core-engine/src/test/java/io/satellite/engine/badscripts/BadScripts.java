package io.satellite.engine.badscripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real engine (Derby, R, bubblewrap) whose workers run under small limits, so that bad
 * scripts hit them within seconds, and the checks each bad script's test ends with: a job
 * that ran alongside succeeded, the next job succeeds, and no process or job directory of
 * a finished job is left behind.
 */
final class BadScripts {
    static final long CPU_SECONDS = 4;
    static final long ADDRESS_SPACE = 512 * ResourceLimits.MIB;
    static final long FILE_SIZE = 16 * ResourceLimits.MIB;
    /**
     * The process budget of a worker (of all workers together where they share a uid: the
     * kernel counts a uid's processes host-wide). Below the engine's default (256) so that a
     * fork bomb here cannot take processes from other engines that run as nobody on this host.
     */
    static final int PROCESSES = 128;
    static final ResourceLimits LIMITS = ResourceLimits.defaults().withCpuSeconds(CPU_SECONDS)
            .withAddressSpace(ADDRESS_SPACE).withMaxFileSize(FILE_SIZE).withMaxProcesses(PROCESSES);
    /** How the limits read in the error of a worker that died without an answer. */
    static final String LIMITS_NAMED = "it may have exceeded a limit: CPU time 4 s, address space 512 MiB,"
            + " file size 16 MiB, processes 128";
    static final int POOL_SIZE = 3;
    static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, NULL, NULL, NULL, NULL, NULL)";
    /** A normal job: its answer proves the engine and its workers are fine. */
    static final String NORMAL = "OutputDataSet <- data.frame(answer = sum(1:41) / 20.5)";
    /** A normal job that takes a while, to run alongside a bad one. */
    static final String SLOW_NORMAL = "Sys.sleep(3); OutputDataSet <- data.frame(answer = 'unharmed')";

    private BadScripts() {
    }

    static Engine start(Path data) throws Exception {
        Engine engine = Engine.start(EngineOptions.fromEnvironment(data, System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(POOL_SIZE).withWorkerLimits(LIMITS));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        return engine;
    }

    /** Runs an R script; returns every row of its output data set (first column, as text). */
    static List<String> run(Connection c, String script) throws SQLException {
        return run(c, "R", script);
    }

    /** The same in {@code language}. */
    static List<String> run(Connection c, String language, String script) throws SQLException {
        try (CallableStatement cs = c.prepareCall(
                "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, NULL, NULL, NULL, NULL, NULL)")) {
            cs.setString(1, language);
            cs.setString(2, script);
            List<String> rows = new ArrayList<>();
            if (cs.execute()) {
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        }
    }

    static List<String> run(Engine engine, String script) throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            return run(c, script);
        }
    }

    /** Runs a bad script, which must fail with {@code sqlState}; returns the error. */
    static SQLException fails(Engine engine, String sqlState, String script) {
        SQLException e = assertThrows(SQLException.class, () -> run(engine, script), "the bad script must fail");
        return expect(e, sqlState);
    }

    static SQLException expect(SQLException e, String sqlState) {
        String m = e.getMessage().replace('\n', '|');
        System.out.println("[bad script] " + e.getSQLState() + ": " + (m.length() > 400 ? m.substring(0, 400) + "..." : m));
        assertEquals(sqlState, e.getSQLState(), e.getMessage());
        return e;
    }

    static void assertMentions(SQLException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "the message should mention '" + part + "': " + e.getMessage());
        }
    }

    /** A job started now on its own connection, to run alongside a bad one. */
    static CompletableFuture<List<String>> alongside(Engine engine, String script) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run(engine, script);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getSQLState() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Starts {@link #SLOW_NORMAL} and waits until its worker runs the script. */
    static CompletableFuture<List<String>> slowNormalJobRunning(Engine engine) throws Exception {
        CompletableFuture<List<String>> job = alongside(engine, SLOW_NORMAL);
        runningWorkerPid(engine);
        return job;
    }

    static void assertUnharmed(CompletableFuture<List<String>> job) throws Exception {
        assertEquals(List.of("unharmed"), job.get(60, TimeUnit.SECONDS), "the job that ran alongside");
    }

    /** The engine still serves jobs, and nothing of finished jobs is left: no process, no job directory. */
    static void assertEngineUnharmedAndNothingLeft(Engine engine) throws Exception {
        assertEquals(List.of("42.0"), run(engine, NORMAL), "the next job");
        List<ProcessHandle> stray = TestEngines.strayProcesses(engine);
        assertTrue(stray.isEmpty(), "processes left behind: " + describe(stray) + tree());
        assertEquals(0, TestEngines.leftoverJobDirectories(engine),
                "job directories left behind: " + contents(TestEngines.strayJobDirectories(engine)));
    }

    private static String contents(List<Path> dirs) {
        List<String> out = new ArrayList<>();
        for (Path d : dirs) {
            try (var files = Files.list(d)) {
                out.add(d.getFileName() + " " + files.map(f -> f.getFileName() + (Files.isRegularFile(f) ? "(file)" : "")
                        ).toList());
            } catch (java.io.IOException e) {
                out.add(d.getFileName() + " (" + e + ")");
            }
        }
        return out.toString();
    }

    /** This JVM's process tree, with working directories, for the message of a failure. */
    private static String tree() {
        StringBuilder b = new StringBuilder("\n");
        ProcessHandle.current().descendants().forEach(p -> {
            String cwd;
            try {
                cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString();
            } catch (Exception e) {
                cwd = "?";
            }
            b.append(p.pid()).append(" <- ").append(p.parent().map(ProcessHandle::pid).orElse(-1L)).append(" ")
                    .append(p.info().command().orElse("?")).append(" in ").append(cwd).append('\n');
        });
        return b.toString();
    }

    static String describe(List<ProcessHandle> ps) {
        return ps.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList().toString();
    }

    /** The host pid of the worker of the one running request (waits up to 20 s for it to appear). */
    static long runningWorkerPid(Engine engine) throws Exception {
        return workerPid(engine, "RUNNING");
    }

    /** The host pid of the worker of the one request in {@code state} (waits up to 20 s for it). */
    static long workerPid(Engine engine, String state) throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT PID FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T"
                         + " WHERE STATE = '" + state + "' AND PID > 0")) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + state + " request appeared");
    }

    /** A worker's working directory (its job directory), as the host sees it, once it is in it. */
    static Path workingDirectory(long pid) throws Exception {
        for (int i = 0; i < 200; i++) {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            if (cwd.getFileName().toString().startsWith("job-")) {
                return cwd;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("worker " + pid + " never entered its job directory");
    }

    /**
     * The engine (an {@link io.satellite.engine.recovery.EngineProcess} holding a session keyring
     * named {@code ENGINE_KEYRING}) reached over {@code c}: an R and a Python job each hold a
     * session keyring, and not the engine's (whose keys they would possess).
     */
    static void assertJobsHoldKeyringsOfTheirOwn(Connection c) throws SQLException {
        String describe = "import ctypes, platform; nr = {'x86_64': 250, 'aarch64': 219}[platform.machine()];"
                + " b = ctypes.create_string_buffer(256); n = ctypes.CDLL(None).syscall(nr, 6, -3, b, 256);"
                + " print(b.value.decode() if n > 0 else 'none')";  // KEYCTL_DESCRIBE of the session keyring
        List<String> python = run(c, "Python", "import pandas as pd\nimport subprocess\n"
                + "OutputDataSet = pd.DataFrame({'k': [subprocess.run(['/usr/bin/python3', '-c', "
                + literal(describe) + "], capture_output=True, text=True).stdout.strip()]})");
        List<String> r = run(c, "R", "OutputDataSet <- data.frame(k = system2('/usr/bin/python3', c('-c', shQuote("
                + literal(describe) + ")), stdout = TRUE))");
        for (List<String> job : List.of(python, r)) {
            assertTrue(job.get(0).startsWith("keyring;"), "a job's session keyring: " + job);
            assertTrue(!job.get(0).endsWith(";" + io.satellite.engine.recovery.EngineProcess.ENGINE_KEYRING),
                    "a job holds the engine's: " + job);
        }
    }

    /** An R string literal. */
    static String literal(Object o) {
        return "'" + o.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
