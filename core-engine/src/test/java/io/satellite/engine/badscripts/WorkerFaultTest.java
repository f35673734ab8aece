package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.assertEngineUnharmedAndNothingLeft;
import static io.satellite.engine.badscripts.BadScripts.assertMentions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import java.io.InputStream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that fail in the ways processes fail: a segmentation fault (real R and Python
 * workers), a worker that hangs without reading its input, one that closes its pipe early,
 * one that writes a malformed frame, one that floods stdout. The last four run through
 * {@code faulty_worker.py}, a launcher registered as the external language 'Faulty' that
 * breaks the protocol on purpose. Each fault is a clear error for its own job only, while 20
 * other jobs (R and Python) in flight at the same time all return their right answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerFaultTest {
    private static final int IN_FLIGHT = 20;
    private static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, NULL, NULL, NULL, NULL)";
    @TempDir
    static Path dir;
    Engine engine;
    /** How long the last faulty job took to fail. */
    double faultSeconds;

    @BeforeAll
    void start() throws Exception {
        Path launcher = dir.resolve("faulty_worker.py");
        try (InputStream in = WorkerFaultTest.class.getResourceAsStream("faulty_worker.py")) {
            Files.copy(in, launcher);
        }
        Path data = dir.resolve("data");
        try (Engine first = BadScripts.start(data); Connection c = first.connectAsAdmin();
             Statement s = c.createStatement()) {
            s.execute("CALL SQLML.CREATE_EXTERNAL_LANGUAGE('Faulty', '/usr/bin/python3 -u {launcher}', '"
                    + launcher + "')");
        }
        engine = BadScripts.start(data);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aSegfaultingRWorkerFailsOnlyItsJob() throws Exception {
        SQLException e = faultAmidTwentyJobs("R", "tools::pskill(Sys.getpid(), 11L); Sys.sleep(30)", null, 0);
        BadScripts.expect(e, "38S06");
        assertMentions(e, "the worker ended without an answer");
    }

    @Test
    void aSegfaultingPythonWorkerFailsOnlyItsJob() throws Exception {
        // a real invalid memory access, not a signal sent
        SQLException e = faultAmidTwentyJobs("Python", "import ctypes\nctypes.string_at(0)", null, 0);
        BadScripts.expect(e, "38S06");
        assertMentions(e, "the worker ended without an answer");
    }

    @Test
    void aWorkerThatHangsWithoutReadingItsInputIsStoppedAtTheCallersTimeout() throws Exception {
        // 200,000 input rows fill the pipe long before the end: the engine's writer waits on it
        SQLException e = faultAmidTwentyJobs("Faulty", "hang",
                "SELECT A.TABLENAME FROM SYS.SYSTABLES A, SYS.SYSTABLES B, SYS.SYSCOLUMNS C", 8);
        BadScripts.expect(e, "38S09");
        assertMentions(e, "the caller's query timeout expired");
        System.out.printf("[fault] hanging worker's job failed after %.1f s (query timeout 8 s)%n", faultSeconds);
        assertTrue(faultSeconds < 30, "stopped soon after its timeout");
    }

    @Test
    void aWorkerThatClosesItsPipeEarlyFailsOnlyItsJob() throws Exception {
        SQLException e = faultAmidTwentyJobs("Faulty", "close", null, 0);
        BadScripts.expect(e, "38S06");
        assertMentions(e, "ended without an answer");
    }

    @Test
    void aMalformedFrameFailsOnlyItsJob() throws Exception {
        SQLException e = faultAmidTwentyJobs("Faulty", "malformed", null, 0);
        BadScripts.expect(e, "38S06");
        assertMentions(e, "the runtime's answer could not be read", "unknown column type code 99");
    }

    @Test
    void floodingStdoutIsCutOffAtTheFileSizeLimitAndKeptShortInMemory() throws Exception {
        // a warm R worker prints into its directory: the file size limit (16 MiB here) stops it
        SQLException e = faultAmidTwentyJobs("R", "x <- strrep('x', 1023); repeat cat(x, '\\n')", null, 0);
        BadScripts.expect(e, "38S06");
        assertMentions(e, "the worker ended without an answer", "file size 16 MiB");
        assertTrue(e.getMessage().length() < 300 * 1024, "the printed flood is not all carried in the error");
        // a runtime that prints 64 MB to its stdout pipe and then answers: the job succeeds, the
        // engine keeps the first 256 KB of what it printed, and says how much it did not keep
        try (Connection c = engine.connectAsAdmin(); CallableStatement cs = c.prepareCall(CALL)) {
            cs.setString(1, "Faulty");
            cs.setString(2, "flood");
            cs.setString(3, null);
            cs.execute();
            int kept = 0;
            for (java.sql.SQLWarning w = cs.getWarnings(); w != null; w = w.getNextWarning()) {
                kept += w.getMessage().length();
            }
            assertTrue(kept > 0 && kept <= 300 * 1024, kept + " characters of messages kept");
        }
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * Starts 20 normal jobs (R and Python in turn, each returning its own number doubled), waits
     * until they all run, runs the faulty script, and checks all 20 answers and that nothing is
     * left behind; returns the faulty job's error.
     */
    private SQLException faultAmidTwentyJobs(String language, String script, String input, int timeoutSeconds)
            throws Exception {
        List<CompletableFuture<Double>> normal = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            int k = i + 1;
            boolean python = i % 2 == 1;
            normal.add(CompletableFuture.supplyAsync(() -> {
                try (Connection c = engine.connectAsAdmin(); CallableStatement cs = c.prepareCall(CALL)) {
                    cs.setString(1, python ? "Python" : "R");
                    cs.setString(2, python ? "import time\ntime.sleep(5)\nOutputDataSet = InputDataSet * 2"
                            : "Sys.sleep(5); OutputDataSet <- InputDataSet * 2");
                    cs.setString(3, "SELECT CAST(" + k + " AS DOUBLE) AS K FROM SYSIBM.SYSDUMMY1");
                    cs.execute();
                    try (ResultSet rs = cs.getResultSet()) {
                        rs.next();
                        return rs.getDouble(1);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("normal job " + k + ": " + e.getSQLState() + " " + e.getMessage(), e);
                }
            }));
        }
        awaitRunning(IN_FLIGHT);
        long t0 = System.nanoTime();
        SQLException fault = assertThrows(SQLException.class, () -> {
            try (Connection c = engine.connectAsAdmin(); CallableStatement cs = c.prepareCall(CALL)) {
                cs.setString(1, language);
                cs.setString(2, script);
                cs.setString(3, input);
                cs.setQueryTimeout(timeoutSeconds);
                cs.execute();
            }
        }, "the faulty job must fail");
        faultSeconds = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < IN_FLIGHT; i++) {
            assertEquals(2.0 * (i + 1), normal.get(i).get(120, TimeUnit.SECONDS), "normal job " + (i + 1));
        }
        assertEngineUnharmedAndNothingLeft(engine);
        return fault;
    }

    private void awaitRunning(int n) throws Exception {
        int running = 0;
        for (int i = 0; i < 600; i++) {
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T"
                         + " WHERE STATE = 'RUNNING' AND PID > 0")) {
                rs.next();
                running = rs.getInt(1);
            }
            if (running >= n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + running + " of " + n + " jobs ran at once");
    }
}
