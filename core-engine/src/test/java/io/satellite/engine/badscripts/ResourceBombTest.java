package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.assertEngineUnharmedAndNothingLeft;
import static io.satellite.engine.badscripts.BadScripts.assertMentions;
import static io.satellite.engine.badscripts.BadScripts.assertUnharmed;
import static io.satellite.engine.badscripts.BadScripts.fails;
import static io.satellite.engine.badscripts.BadScripts.slowNormalJobRunning;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts that exhaust a resource: each is stopped by its rlimit (or by the query timeout)
 * with an error that names the limit, while a job running alongside finishes normally, and
 * nothing of the bad job is left behind. Limits: {@link BadScripts#LIMITS}. What is not
 * limited: disk use across files (the file size limit is per file) and /tmp, a tmpfs in the
 * sandbox that takes memory outside the address space limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResourceBombTest {
    @TempDir
    static Path dir;
    Engine engine;

    @BeforeAll
    void start() throws Exception {
        engine = BadScripts.start(dir.resolve("data"));
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void forkBombRunsOutOfProcesses() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        // every child sleeps, so the worker forks until the kernel refuses (RLIMIT_NPROC)
        SQLException e = fails(engine, "38S01", "repeat parallel::mcparallel(Sys.sleep(600))");
        assertMentions(e, "unable to fork", "the process limit is 128");
        assertUnharmed(alongside);
        // the sleeping children go with their worker's process tree
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void shellForkBombLeavesNothingBehind() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        // the classic one, in sh: R sees only the shell's exit, so the script reports what the
        // shells said; many of them are orphans by then, still forking
        SQLException e = fails(engine, "38S01", "system('b() { b & b & wait; }; b 2> bomb.txt');"
                + " said <- unique(grep('fork', readLines('bomb.txt'), value = TRUE)); stop(said[[1]])");
        assertMentions(e, "Cannot fork", "the process limit is 128");
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void memoryBombGetsRsAllocationErrorNamingTheAddressSpaceLimit() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        SQLException e = fails(engine, "38S01", "l <- list(); repeat l[[length(l) + 1L]] <- numeric(2.5e7)");
        assertMentions(e, "cannot allocate vector of size 190.7 Mb", "the worker's address space is limited to 512 MiB");
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void infiniteLoopIsKilledByTheCpuTimeLimit() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        long t0 = System.nanoTime();
        SQLException e = fails(engine, "38S06", "repeat {}");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertMentions(e, "the worker ended without an answer", BadScripts.LIMITS_NAMED);
        assertTrue(seconds >= 3.5 && seconds < 15, "killed after " + seconds + " s");
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void infiniteLoopIsCancelledByTheQueryTimeout() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        long t0 = System.nanoTime();
        SQLException e;
        try (Connection c = engine.connectAsAdmin(); CallableStatement cs = c.prepareCall(BadScripts.CALL)) {
            cs.setQueryTimeout(1);
            cs.setString(1, "repeat {}");
            e = assertThrows(SQLException.class, cs::execute);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        BadScripts.expect(e, "38S09");
        assertMentions(e, "was cancelled", "query timeout");
        // well before the CPU time limit (4 s) would have ended it
        assertTrue(seconds < 3.5, "cancelled after " + seconds + " s");
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void writingGigabytesStopsAtTheFileSizeLimit() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        // 100 MB at a time into its working directory, the one place it may write
        SQLException e = fails(engine, "38S06", "x <- raw(1e8); f <- file('big.bin', 'wb'); repeat writeBin(x, f)");
        assertMentions(e, "the worker ended without an answer", BadScripts.LIMITS_NAMED);
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void printingGigabytesStopsAtTheFileSizeLimit() throws Exception {
        // what a forked worker prints goes to a file in its directory: the same limit holds
        SQLException e = fails(engine, "38S06", "x <- strrep('x', 1e6); repeat cat(x)");
        assertMentions(e, "the worker ended without an answer", BadScripts.LIMITS_NAMED);
        assertTrue(e.getMessage().length() < 10_000, "the printed output in the error is cut short: "
                + e.getMessage().length() + " characters");
        assertEngineUnharmedAndNothingLeft(engine);
    }
}
