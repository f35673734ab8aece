package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.assertEngineUnharmedAndNothingLeft;
import static io.satellite.engine.badscripts.BadScripts.assertMentions;
import static io.satellite.engine.badscripts.BadScripts.assertUnharmed;
import static io.satellite.engine.badscripts.BadScripts.fails;
import static io.satellite.engine.badscripts.BadScripts.run;
import static io.satellite.engine.badscripts.BadScripts.slowNormalJobRunning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.launchpad.PooledLaunchpad;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts that attack the machinery around them: the zygote that forked them, the stream of
 * their own result, the protocol pipe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RogueWorkerTest {
    /** An output data set whose text column quits R when the second chunk (rows 10001-) is written. */
    static final String QUITS_MID_STREAM = "`[.bomb` <- function(x, i) {\n"
            + "  if (min(i) > 10000) quit(save = 'no', status = 3)\n"
            + "  structure(unclass(x)[i], class = 'bomb')\n"
            + "}\n"
            + "OutputDataSet <- data.frame(n = 1:100000, s = as.character(1:100000))\n"
            + "oldClass(OutputDataSet$s) <- 'bomb'";

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

    /**
     * The worker's parent is the R zygote. With a uid per worker (a root engine) the zygote is
     * root and the worker is not, so the kill is refused and everything runs on. Without (an
     * engine that is not root) they share a uid and the kill is allowed: that case is
     * {@link #aZygoteThatDiesTakesItsJobsWithItAndIsReplaced}.
     */
    @Test
    void aJobCannotKillItsParentZygote() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine.launchpad().uidPerWorker().enforced(),
                "workers share their zygote's uid here: " + engine.launchpad().uidPerWorker());
        long zygote = awaitForkingRuntime(Optional.empty());
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);

        List<String> tried = run(engine, "ppid <- strsplit(readLines('/proc/self/stat'), ' ')[[1]][[4]]\n"
                + "OutputDataSet <- data.frame(killed = tools::pskill(as.integer(ppid), tools::SIGKILL))");
        assertEquals(List.of("false"), tried, "pskill of the zygote by its worker");
        assertTrue(ProcessHandle.of(zygote).map(ProcessHandle::isAlive).orElse(false), "the zygote lives");
        assertUnharmed(alongside);
        assertEquals(zygote, awaitForkingRuntime(Optional.empty()), "the same zygote forks on");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * Under bubblewrap the zygote is the first process of the PID namespace it shares with every
     * worker it forked: when it dies (killed here from the host; by a job where workers share its
     * uid), the kernel kills them all. The jobs running in its workers fail with an error that
     * names the cause, the dead zygote is replaced (jobs start cold until the new one forks), and
     * nothing is left behind.
     */
    @Test
    void aZygoteThatDiesTakesItsJobsWithItAndIsReplaced() throws Exception {
        long zygote = awaitForkingRuntime(Optional.empty());
        CompletableFuture<List<String>> alongside = BadScripts.alongside(engine, BadScripts.SLOW_NORMAL);
        BadScripts.runningWorkerPid(engine);

        assertTrue(ProcessHandle.of(zygote).orElseThrow().destroyForcibly());
        Throwable collateral = assertThrows(Exception.class, alongside::get).getCause();
        assertTrue(collateral.getMessage().startsWith("38S06")
                && collateral.getMessage().contains("The R zygote that forked this worker exited"), collateral.getMessage());

        // the next jobs run at once (cold), then on the workers of a new zygote
        for (int i = 0; i < BadScripts.POOL_SIZE + 2; i++) {
            assertEquals(List.of("42.0"), run(engine, BadScripts.NORMAL));
        }
        long restarted = awaitForkingRuntime(Optional.of(zygote));
        assertNotEquals(zygote, restarted);
        assertEquals(List.of("unharmed"), run(engine, BadScripts.SLOW_NORMAL));
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void exitingMidStreamBreaksOffTheRowsWithAClearError() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        int[] rows = {0};
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = engine.connectAsAdmin(); CallableStatement cs = c.prepareCall(BadScripts.CALL)) {
                cs.setString(1, QUITS_MID_STREAM);
                assertTrue(cs.execute());
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        rows[0]++;
                    }
                }
            }
        });
        BadScripts.expect(e, "38S06");
        assertMentions(e, "the runtime's output broke off", "the worker ended in the middle of its answer");
        assertEquals(10_000, rows[0], "the caller got the first chunk, then the error");
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void aWorkerKilledWhileItsRowsStreamBreaksThemOff() throws Exception {
        int[] rows = {0};
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = engine.connectAsAdmin(); CallableStatement cs = c.prepareCall(BadScripts.CALL)) {
                cs.setString(1, "OutputDataSet <- data.frame(s = sprintf('row %07d of many', 1:500000))");
                assertTrue(cs.execute());
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        if (rows[0]++ == 0) {
                            // the worker blocks on the full pipe while the caller reads slowly: kill it
                            long pid = BadScripts.workerPid(engine, "STREAMING");
                            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                        }
                    }
                }
            }
        });
        BadScripts.expect(e, "38S06");
        assertMentions(e, "the runtime's output broke off", "the worker ended in the middle of its answer");
        assertTrue(rows[0] > 0 && rows[0] < 500_000, rows[0] + " rows");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void garbageOnTheResultsPipeIsAProtocolError() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        // junk where the answer belongs, then the worker waits: the engine stops it
        SQLException e = fails(engine, "38S06", "f <- file('results.pipe', 'wb')\n"
                + "writeBin(charToRaw('this is not a result frame'), f); close(f)\nSys.sleep(60)");
        assertMentions(e, "the runtime's answer could not be read", "not a result frame");
        assertFalse(e.getMessage().contains("limit"), "a protocol error is not blamed on a limit: " + e.getMessage());
        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void aForgedResultFrameIsAProtocolError() throws Exception {
        // a well-formed start ("SATR", ok, no parameters, one column) whose name claims 2 GB, then quit
        SQLException e = fails(engine, "38S06", "f <- file('results.pipe', 'wb')\n"
                + "writeBin(charToRaw('SATR'), f); writeBin(c(0L, 0L, 1L, 2000000000L), f, size = 4L); close(f)\n"
                + "quit(save = 'no')");
        assertMentions(e, "the runtime's answer could not be read");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * The pid of the R runtime that forks the warm workers (the parent of a ready worker), once
     * there is one other than {@code not}.
     */
    private long awaitForkingRuntime(Optional<Long> not) throws Exception {
        for (int i = 0; i < 300; i++) {
            Set<Long> standby = engine.launchpad().standby().pids();
            for (long pid : standby) {
                Optional<ProcessHandle> parent = ProcessHandle.of(pid).flatMap(ProcessHandle::parent);
                if (parent.isPresent() && standby.contains(parent.get().pid())
                        && parent.get().info().command().orElse("").endsWith("/R")
                        && !not.equals(Optional.of(parent.get().pid()))) {
                    return parent.get().pid();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no R zygote with warm workers (ready: "
                + ((PooledLaunchpad) engine.launchpad()).readyWorkers("R") + ")");
    }
}
