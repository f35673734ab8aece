package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.TestEngines;
import io.satellite.engine.launchpad.sandbox.Landlock;
import io.satellite.engine.recovery.EngineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * An engine that is not root: the console on a DBA's desktop, a data scientist's sandbox.
 * Every other test runs the engine as root (as CI does), where each worker has a uid of its
 * own; here the engine's JVM runs as uid {@value #UID}, so bubblewrap works without
 * privilege (user namespaces) and every worker runs as the engine's user. Real engine, real
 * sandbox, real R and Python, reached over JDBC as a client would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NonRootEngineTest {
    static final int UID = 65534;
    Path root;
    EngineProcess engine;

    @BeforeAll
    void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "starting an engine as another user needs root");
        Process userns = new ProcessBuilder("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "unshare",
                "--user", "--mount", "true").redirectErrorStream(true).start();
        assumeTrue(userns.waitFor() == 0, "this host gives users no user namespaces (bubblewrap needs them without root): "
                + new String(userns.getInputStream().readAllBytes()).strip());
        root = Files.createTempDirectory("satellite-nonroot",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path scratch = Files.createDirectory(root.resolve("classpath"));
        engine = EngineProcess.startAs(UID, scratch, root.resolve("data"), 3);
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (root != null) {
            TestEngines.deleteTree(root);
        }
    }

    @Test
    void diagnosticsSayWhatANonRootEngineEnforces() throws Exception {
        Map<String, String> features = new LinkedHashMap<>();
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT FEATURE, ENFORCED, DETAIL FROM TABLE(SQLML.DM_EXTERNAL_SANDBOX()) T")) {
            while (rs.next()) {
                features.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3));
            }
        }
        String all = String.join("\n", features.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        for (String held : List.of("sandbox tool", "PID namespace", "network namespace (no outbound network)",
                "read-only system", "hidden paths (engine data)", "private /tmp", "die with parent")) {
            assertTrue(features.getOrDefault(held, "").startsWith("YES "), held + " must hold without root:\n" + all);
        }
        assertTrue(features.get("unprivileged uid").startsWith("YES uid " + UID + " (host uid " + UID + ")"),
                "the worker's uid, inside and on the host:\n" + all);
        assertTrue(features.get("a uid per worker").startsWith("NO the engine is not root (uid " + UID + ")"), all);
        assertTrue(features.get("other jobs hidden in /proc").startsWith("NO the engine is not root"), all);
        String apart = features.get("other jobs out of reach");
        if (Landlock.abi() >= Landlock.SIGNAL_SCOPING) {
            assertTrue(apart.startsWith("YES the forked workers of Python, R share the engine's uid")
                    && apart.contains("Landlock (ABI " + Landlock.abi() + ")"), all);
        } else {  // no forks then: every warm worker is a runtime in a sandbox of its own
            assertTrue(apart.startsWith("YES every pooled worker is a runtime started ahead"), all);
        }
    }

    @Test
    void jobsRunAsTheEnginesUserAndLeaveNothingForTheNext() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            assertEquals(List.of(Integer.toString(UID)), run(c, "R", "OutputDataSet <- data.frame(u = system('id -u', intern = TRUE))"));
            assertEquals(List.of(Integer.toString(UID)), run(c, "Python",
                    "import os\nimport pandas as pd\nOutputDataSet = pd.DataFrame({'u': [str(os.getuid())]})"));
            // what a job leaves in its temporary directory or tries to leave in /tmp, the next job does not find
            String marker = "left-" + System.nanoTime();
            List<String> first = run(c, "R", "writeLines('secret', file.path(tempdir(), '" + marker + "'))\n"
                    + "writeLines('secret', '/dev/shm/" + marker + "')\n"
                    + "t <- tryCatch({ writeLines('secret', '/tmp/" + marker + "'); 'written' },"
                    + " error = function(e) conditionMessage(e), warning = function(w) conditionMessage(w))\n"
                    + "OutputDataSet <- data.frame(x = c(tempdir(), getwd(), t))");
            assertTrue(first.get(0).startsWith(first.get(1) + "/"), "tempdir() in the job's directory: " + first);
            assertTrue(first.get(2).contains("Read-only file system"), "writing to /tmp: " + first);
            assertEquals(List.of("looked"), run(c, "R", "found <- c(list.files(tempdir(), all.files = TRUE, no.. = TRUE),"
                    + " list.files('/tmp', pattern = '" + marker + "', recursive = TRUE), list.files('/dev/shm'),"
                    + " tryCatch(readLines(file.path(" + BadScripts.literal(first.get(0)) + ", '" + marker + "')),"
                    + " error = function(e) NULL, warning = function(w) NULL))\n"
                    + "OutputDataSet <- data.frame(x = c('looked', found))"));
            // R's socket clusters talk over the job's own loopback
            assertEquals(List.of("3"), run(c, "R", "cl <- parallel::makePSOCKcluster(2)\n"
                    + "n <- sum(unlist(parallel::clusterApply(cl, 1:2, function(i) i))); parallel::stopCluster(cl)\n"
                    + "OutputDataSet <- data.frame(n = as.character(n))"));
            // Python's multiprocessing needs a writable /dev/shm (its semaphores): each forked job has its own
            assertEquals(List.of("6"), run(c, "Python", "import multiprocessing\nimport pandas as pd\n"
                    + "with multiprocessing.Pool(2) as p:\n    n = sum(p.map(abs, [-1, -2, -3]))\n"
                    + "OutputDataSet = pd.DataFrame({'n': [str(n)]})"));
        }
    }

    /** The engine holds a session keyring (as in a login session); no job may hold it too, and so possess its keys. */
    @Test
    void aJobDoesNotHoldTheEnginesSessionKeyring() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            BadScripts.assertJobsHoldKeyringsOfTheirOwn(c);
        }
    }

    /**
     * Forked jobs share the engine's uid here, so permissions cannot keep them apart: each
     * child confines itself with Landlock. A job cannot list the jobs directory, open another
     * job's files even by their exact path, reach them through /proc, or signal anything
     * outside its own process tree, so the job next to it finishes unharmed.
     */
    @Test
    void aJobCannotReachTheJobNextToIt() throws Exception {
        assumeTrue(Landlock.abi() >= Landlock.SIGNAL_SCOPING, "this kernel's Landlock cannot keep forked jobs apart"
                + " (the diagnostics say so: see diagnosticsSayWhatANonRootEngineEnforces)");
        int port = 20000 + new java.util.Random().nextInt(40000);
        java.util.concurrent.CompletableFuture<List<String>> other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Connection c = engine.connectAsAdmin()) {
                // job B listens on its loopback and holds until the test has made every attempt (at most a minute)
                return run(c, "R", "listening <- serverSocket(" + port + ")\n"
                        + "writeLines('secret of job B', 'secret.txt')\n"
                        + "for (i in 1:600) if (file.exists('release')) break else Sys.sleep(0.1)\n"
                        + "OutputDataSet <- data.frame(answer = if (file.exists('release')) 'unharmed' else 'not released')");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Path secret = null;
        for (int i = 0; i < 200 && secret == null; i++) {
            try (java.util.stream.Stream<Path> dirs = Files.list(root.resolve("data").resolve("jobs"))) {
                secret = dirs.map(d -> d.resolve("secret.txt")).filter(Files::isRegularFile).findFirst().orElse(null);
            }
            Thread.sleep(50);
        }
        assertTrue(secret != null, "job B wrote its secret");
        String b = secret.getParent().toString();
        List<String> tried;
        try (Connection c = engine.connectAsAdmin()) {
            tried = run(c, "R", "jobs <- dirname(getwd())\n"
                    + "listed <- setdiff(tryCatch(list.files(jobs), error = function(e) character()), basename(getwd()))\n"
                    + "there <- file.exists(" + BadScripts.literal(b) + ")\n"
                    + "read <- tryCatch(readLines(file.path(" + BadScripts.literal(b) + ", 'secret.txt')),"
                    + " error = function(e) 'refused', warning = function(w) 'refused')\n"
                    + "pids <- setdiff(list.files('/proc', pattern = '^[0-9]+$'), as.character(Sys.getpid()))\n"
                    + "peek <- function(f) tryCatch(readLines(f), error = function(e) NULL, warning = function(w) NULL)\n"
                    + "seen <- unlist(lapply(pids, function(p) c(peek(file.path('/proc', p, 'root', " + BadScripts.literal(b)
                    + ", 'secret.txt')), peek(file.path('/proc', p, 'cwd', 'secret.txt')))))\n"
                    + "killed <- sum(vapply(pids, function(p) isTRUE(tools::pskill(as.integer(p), tools::SIGKILL)), TRUE))\n"
                    + "talked <- tryCatch({ close(socketConnection('127.0.0.1', " + port + ", timeout = 2)); 'connected' },"
                    + " error = function(e) 'refused', warning = function(w) 'refused')\n"
                    + "OutputDataSet <- data.frame(x = c(paste('other processes', length(pids)), paste('listed', length(listed)),"
                    + " paste('its directory is there', there), paste('read', read), paste('through /proc', length(seen)),"
                    + " paste('killed', killed), paste('its port', talked)))");
        }
        assertTrue(tried.get(0).matches("other processes [1-9][0-9]*"), "the job sees other processes to try: " + tried);
        assertEquals(List.of("listed 0", "its directory is there FALSE", "read refused", "through /proc 0", "killed 0",
                "its port refused"), tried.subList(1, tried.size()), "what an R job reached of the job next to it");
        List<String> python;
        try (Connection c = engine.connectAsAdmin()) {
            python = run(c, "Python", "import os\nimport pandas as pd\n"
                    + "def attempt(f):\n    try:\n        return f()\n    except OSError:\n        return None\n"
                    + "listed = attempt(lambda: [d for d in os.listdir(os.path.dirname(os.getcwd())) if d != os.path.basename(os.getcwd())]) or []\n"
                    + "read = attempt(lambda: open(" + BadScripts.literal(secret) + ").read()) or 'refused'\n"
                    + "pids = [int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]\n"
                    + "killed = sum(1 for p in pids if attempt(lambda: os.kill(p, 9) or True))\n"
                    + "OutputDataSet = pd.DataFrame({'x': ['listed %d' % len(listed), 'read ' + read.strip(), 'killed %d' % killed]})");
        }
        assertEquals(List.of("listed 0", "read refused", "killed 0"), python, "what a Python job reached of the job next to it");
        // job B was there all along (the attempts were not refused for want of a target), and is unharmed
        assertEquals("secret of job B", Files.readString(secret).strip(), "job B's file, read on the host");
        Files.writeString(secret.resolveSibling("release"), "");
        assertEquals(List.of("unharmed"), other.get(60, java.util.concurrent.TimeUnit.SECONDS), "job B");
    }
}
