package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.assertEngineUnharmedAndNothingLeft;
import static io.satellite.engine.badscripts.BadScripts.literal;
import static io.satellite.engine.badscripts.BadScripts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.launchpad.WorkerAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A uid per worker (a root engine): sibling jobs forked by one zygote run as different uids,
 * so one cannot read the other's directory through /proc/PID/cwd nor its environment (with
 * hidepid=2 on the sandbox's /proc it does not even see the other's pid), cannot signal it nor the zygote, and a fork bomb uses up only its own process limit. Uids go back
 * to the range once their worker is gone. Cold workers: {@link ColdWorkerUidTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerUidTest {
    static final String R_SECRET_AND_WAIT = "writeLines('secret of job B', 'secret.txt'); Sys.sleep(4);"
            + " OutputDataSet <- data.frame(answer = 'unharmed')";
    static final String PY_SECRET_AND_WAIT = "import time, pandas as pd\n"
            + "with open('secret.txt', 'w') as f: f.write('secret of job B\\n')\n"
            + "time.sleep(4)\nOutputDataSet = pd.DataFrame({'answer': ['unharmed']})";
    @TempDir
    static Path dir;
    Engine engine;

    @BeforeAll
    void start() throws Exception {
        engine = BadScripts.start(dir.resolve("data"));
        assumeTrue(engine.launchpad().uidPerWorker().enforced(), "no uid per worker here: "
                + engine.launchpad().uidPerWorker());
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void anRJobCannotReadSignalOrKillItsSiblingNorItsZygote() throws Exception {
        awaitReady("R");
        CompletableFuture<List<String>> b = runAsync(engine, "R", R_SECRET_AND_WAIT);
        Sibling sib = sibling();
        List<String> seen = runIn(engine, "R", "b <- " + sib.nsPid + "L\n"
                + "ppid <- as.integer(strsplit(readLines('/proc/self/stat'), ' ')[[1]][[4]])\n"
                + "uid <- strsplit(grep('^Uid:', readLines('/proc/self/status'), value = TRUE), '\\\\s+')[[1]][[2]]\n"
                + "try1 <- function(expr) tryCatch(suppressWarnings(paste(expr, collapse = ' ')), error = function(e) 'refused')\n"
                + "OutputDataSet <- data.frame(x = c(paste('uid', uid),\n"
                + "  paste('cwd', try1(Sys.readlink(file.path('/proc', b, 'cwd')))),\n"
                + "  paste('environ', try1(readBin(file.path('/proc', b, 'environ'), 'raw', 100L))),\n"
                + "  paste('secret', try1(readLines(" + literal(sib.dir.resolve("secret.txt")) + "))),\n"
                + "  paste('kill sibling', tools::pskill(b, tools::SIGKILL)),\n"
                + "  paste('kill zygote', tools::pskill(ppid, tools::SIGKILL))))");
        assertRefused(seen, sib);
        assertEquals(List.of("unharmed"), b.get(60, TimeUnit.SECONDS), "job B");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void aPythonJobCannotReadSignalOrKillItsSiblingNorItsZygote() throws Exception {
        awaitReady("Python");
        CompletableFuture<List<String>> b = runAsync(engine, "Python", PY_SECRET_AND_WAIT);
        Sibling sib = sibling();
        System.out.println("[uid] job B: " + sib + " " + ProcessHandle.of(sib.hostPid).flatMap(ProcessHandle::parent)
                .flatMap(p -> p.info().commandLine()).orElse("?"));
        List<String> seen = runIn(engine, "Python", "import os, signal, pandas as pd\n"
                + "b = " + sib.nsPid + "\n"
                + "def try1(f):\n"
                + "    try:\n        return str(f())\n    except (PermissionError, FileNotFoundError):\n"
                + "        return 'refused'\n"
                + "def kill(pid):\n"
                + "    try:\n        os.kill(pid, signal.SIGKILL)\n        return 'TRUE'\n    except PermissionError:\n"
                + "        return 'FALSE'\n"
                + "OutputDataSet = pd.DataFrame({'x': ['uid %d' % os.getuid(),\n"
                + "    'cwd ' + try1(lambda: os.readlink('/proc/%d/cwd' % b)),\n"
                + "    'environ ' + try1(lambda: open('/proc/%d/environ' % b, 'rb').read(100)),\n"
                + "    'secret ' + try1(lambda: open(" + pyLiteral(sib.dir.resolve("secret.txt")) + ").read()),\n"
                + "    'kill sibling ' + kill(b), 'kill zygote ' + kill(os.getppid())]})");
        assertRefused(seen, sib);
        assertEquals(List.of("unharmed"), b.get(60, TimeUnit.SECONDS), "job B");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * The sandbox's /proc has hidepid=2: job A lists its own pid but not that of job B, which
     * runs at the same time in the same PID namespace (forked by the same zygote), nor the
     * zygote's; and job code holds no capability (the remount happened before setpriv).
     */
    @Test
    void anRJobDoesNotSeeItsSiblingInProc() throws Exception {
        awaitReady("R");
        CompletableFuture<List<String>> b = runAsync(engine, "R", R_SECRET_AND_WAIT);
        Sibling sib = sibling();
        List<String> seen = runIn(engine, "R", "b <- " + sib.nsPid + "L\n"
                + "ppid <- as.integer(strsplit(readLines('/proc/self/stat'), ' ')[[1]][[4]])\n"
                + "pids <- sort(as.integer(list.files('/proc', pattern = '^[0-9]+$')))\n"
                + "cap <- sub('^CapEff:\\\\s+', '', grep('^CapEff:', readLines('/proc/self/status'), value = TRUE))\n"
                + "OutputDataSet <- data.frame(x = c(paste('self', Sys.getpid() %in% pids), paste('sibling', b %in% pids),\n"
                + "  paste('zygote', ppid %in% pids), paste('CapEff', cap), paste('listed', paste(pids, collapse = ' '))))");
        assertSiblingHidden(seen, sib);
        assertEquals(List.of("unharmed"), b.get(60, TimeUnit.SECONDS), "job B");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void aPythonJobDoesNotSeeItsSiblingInProc() throws Exception {
        awaitReady("Python");
        CompletableFuture<List<String>> b = runAsync(engine, "Python", PY_SECRET_AND_WAIT);
        Sibling sib = sibling();
        List<String> seen = runIn(engine, "Python", "import os, pandas as pd\n"
                + "b = " + sib.nsPid + "\n"
                + "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
                + "cap = [l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff:')][0]\n"
                + "yes = lambda v: 'TRUE' if v else 'FALSE'\n"
                + "OutputDataSet = pd.DataFrame({'x': ['self ' + yes(os.getpid() in pids), 'sibling ' + yes(b in pids),\n"
                + "    'zygote ' + yes(os.getppid() in pids), 'CapEff ' + cap, 'listed ' + ' '.join(map(str, pids))]})");
        assertSiblingHidden(seen, sib);
        assertEquals(List.of("unharmed"), b.get(60, TimeUnit.SECONDS), "job B");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    private static void assertSiblingHidden(List<String> seen, Sibling sib) {
        System.out.println("[hidepid] job B is pid " + sib.nsPid + " in the zygote's namespace; job A saw " + seen);
        assertEquals(5, seen.size(), seen.toString());
        assertTrue(ProcessHandle.of(sib.hostPid).map(ProcessHandle::isAlive).orElse(false), "job B still runs");
        assertEquals("self TRUE", seen.get(0), "job A lists its own pid: " + seen);
        assertEquals("sibling FALSE", seen.get(1), "job A lists job B's pid " + sib.nsPid + ": " + seen);
        assertEquals("zygote FALSE", seen.get(2), "job A lists its zygote (root): " + seen);
        assertEquals("CapEff 0000000000000000", seen.get(3), "job code holds capabilities: " + seen);
    }

    /**
     * RLIMIT_NPROC counts per uid across the host: with a uid each, a job that forks until the
     * kernel refuses leaves the next job its whole process limit.
     */
    @Test
    void aForkBombUsesUpOnlyItsOwnProcessLimit() throws Exception {
        CompletableFuture<List<String>> bomb = runAsync(engine, "R", "n <- 0L\n"
                + "repeat { p <- tryCatch(parallel::mcparallel(Sys.sleep(60)), error = function(e) NULL);"
                + " if (is.null(p)) break; n <- n + 1L }\n"
                + "writeLines(as.character(n), 'full.txt'); Sys.sleep(5)\nOutputDataSet <- data.frame(n = n)");
        Path bombDir = BadScripts.workingDirectory(BadScripts.runningWorkerPid(engine));
        for (int i = 0; i < 2400 && !Files.exists(bombDir.resolve("full.txt")); i++) { // a deadline, not a speed test
            Thread.sleep(50);
        }
        assertTrue(Files.exists(bombDir.resolve("full.txt")), "the bomb reached its limit");
        List<String> other = run(engine, "n <- 0L\nfor (i in 1:5) { p <- parallel::mcparallel(i); "
                + "if (identical(parallel::mccollect(p)[[1]], i)) n <- n + 1L }\n"
                + "OutputDataSet <- data.frame(forked = n, sh = system('echo ok', intern = TRUE))");
        assertEquals(List.of("5"), other, "forks of a job running while the bomb holds its limit");
        int forked = Integer.parseInt(bomb.get(60, TimeUnit.SECONDS).get(0));
        assertTrue(forked >= BadScripts.PROCESSES - 10 && forked < BadScripts.PROCESSES,
                "the bomb forked " + forked + " of its " + BadScripts.PROCESSES + " processes");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void liveWorkersNeverShareAUidAndUidsGoBackWhenJobsEnd() throws Exception {
        WorkerAccounts accounts = WorkerAccounts.fromEnvironment(System.getenv());
        int atRest = awaitInUseSettles(accounts, 2 * BadScripts.POOL_SIZE); // the ready workers of R and Python
        List<CompletableFuture<List<String>>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(runAsync(engine, i % 2 == 0 ? "R" : "Python", i % 2 == 0
                    ? "Sys.sleep(2); OutputDataSet <- data.frame(u = system('id -u', intern = TRUE))"
                    : "import os, time, pandas as pd\ntime.sleep(2)\nOutputDataSet = pd.DataFrame({'u': [str(os.getuid())]})"));
        }
        Set<String> uids = new HashSet<>();
        for (CompletableFuture<List<String>> j : jobs) {
            String uid = j.get(60, TimeUnit.SECONDS).get(0);
            assertTrue(uids.add(uid), "two concurrent jobs ran as uid " + uid + ": " + uids);
            int u = Integer.parseInt(uid);
            assertTrue(u >= accounts.first() && u < accounts.first() + accounts.count(), uid + " is in " + accounts);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of("42.0"), run(engine, BadScripts.NORMAL));
        }
        assertEquals(atRest, awaitInUseSettles(accounts, atRest), "uids in use once the pools are full again");
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /** Both jobs of a test must be forked by one zygote (not started cold): a full pool first. */
    private void awaitReady(String language) throws InterruptedException {
        io.satellite.engine.launchpad.PooledLaunchpad pool = (io.satellite.engine.launchpad.PooledLaunchpad) engine.launchpad();
        for (int i = 0; i < 300 && pool.readyWorkers(language) < BadScripts.POOL_SIZE; i++) {
            Thread.sleep(50);
        }
        assertEquals(BadScripts.POOL_SIZE, pool.readyWorkers(language), language + " workers ready");
    }

    private record Sibling(long hostPid, long nsPid, String uid, Path dir) {
    }

    /** The running job B as the host sees it, once it has written its secret. */
    private Sibling sibling() throws Exception {
        long host = BadScripts.runningWorkerPid(engine);
        Path d = BadScripts.workingDirectory(host);
        for (int i = 0; i < 100 && !(Files.exists(d.resolve("secret.txt"))
                && Files.readString(d.resolve("secret.txt")).endsWith("\n")); i++) {
            Thread.sleep(50);
        }
        String uid = null;
        long ns = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(host), "status"))) {
            if (line.startsWith("Uid:")) {
                uid = line.substring(4).strip().split("\\s+")[0];
            } else if (line.startsWith("NSpid:")) {
                String[] p = line.substring(6).strip().split("\\s+");
                ns = Long.parseLong(p[p.length - 1]);
            }
        }
        return new Sibling(host, ns, uid, d);
    }

    private static void assertRefused(List<String> seen, Sibling sib) {
        assertEquals(6, seen.size(), seen.toString());
        assertNotEquals("uid " + sib.uid, seen.get(0), "job A runs as another uid than job B");
        assertTrue(List.of("cwd ", "cwd NA", "cwd refused").contains(seen.get(1)),
                "job B's directory via /proc/PID/cwd: " + seen.get(1));
        assertEquals("environ refused", seen.get(2));
        assertEquals("secret refused", seen.get(3), "job B's file read by its path");
        assertEquals("kill sibling FALSE", seen.get(4));
        assertEquals("kill zygote FALSE", seen.get(5));
    }

    /** Waits until the uids in use stop changing (the pools are full again); returns the count. */
    static int awaitInUseSettles(WorkerAccounts accounts, int expected) throws InterruptedException {
        int last = -2;
        int same = 0;
        for (int i = 0; i < 200; i++) {
            int now = accounts.inUse();
            if (now == expected) {
                return now;
            }
            same = now == last ? same + 1 : 0;
            last = now;
            if (expected < 0 && same >= 10) {
                return now;
            }
            Thread.sleep(100);
        }
        return last;
    }

    private static String pyLiteral(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static List<String> runIn(Engine engine, String language, String script) throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            return BadScripts.run(c, language, script);
        }
    }

    static CompletableFuture<List<String>> runAsync(Engine engine, String language, String script) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runIn(engine, language, script);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getSQLState() + ": " + e.getMessage(), e);
            }
        });
    }
}
