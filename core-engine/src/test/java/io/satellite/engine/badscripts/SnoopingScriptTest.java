package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.assertEngineUnharmedAndNothingLeft;
import static io.satellite.engine.badscripts.BadScripts.assertMentions;
import static io.satellite.engine.badscripts.BadScripts.assertUnharmed;
import static io.satellite.engine.badscripts.BadScripts.fails;
import static io.satellite.engine.badscripts.BadScripts.literal;
import static io.satellite.engine.badscripts.BadScripts.run;
import static io.satellite.engine.badscripts.BadScripts.slowNormalJobRunning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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
 * Scripts that look where they should not: the engine's database, another job's directory,
 * the network.
 *
 * <p>What the sandbox enforces (asserted here): a worker sees the host's system directories
 * read-only, the launcher scripts, and the jobs directory; the engine's database, its log and
 * its admin password are simply not there. The jobs directory (mode 0711) cannot be listed,
 * and job directories have random names (96 bits), so a job cannot find another one by
 * looking or guessing. There is no network but a loopback of the sandbox's own.
 *
 * <p>Every worker of a language shares the one PID namespace of its zygote. With a uid per
 * worker (a root engine, asserted here and in {@link WorkerUidTest}) the sandbox's /proc hides
 * other uids' processes (hidepid=2), so a job does not see its siblings there, let alone read
 * their working directory from /proc/PID/cwd or their files. Where workers share a uid (an
 * engine that is not root) each forked job confines itself with Landlock instead: asserted in
 * {@link NonRootEngineTest}, which runs the engine as another user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SnoopingScriptTest {
    @TempDir
    static Path dir;
    Engine engine;
    Path data;

    @BeforeAll
    void start() throws Exception {
        data = dir.resolve("data");
        engine = BadScripts.start(data);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theEngineDatabaseFilesAreNotThere() throws Exception {
        Path properties = data.resolve("satellite").resolve("service.properties");
        assertTrue(Files.exists(properties), "the database this test tries to read");
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);

        SQLException e = fails(engine, "38S01", "readLines(" + literal(properties) + ")");
        assertMentions(e, "cannot open", "service.properties': No such file or directory");

        // every way to the data directory: absolute, relative from the job's directory, through /proc
        Path db = data.resolve("satellite");
        List<String> visible = run(engine, "ppid <- strsplit(readLines('/proc/self/stat'), ' ')[[1]][[4]]\n"
                + "paths <- c(" + literal(db) + ", " + literal(db.resolve("seg0")) + ", "
                + literal(data.resolve("derby.log")) + ", " + literal(data.resolve("admin-password")) + ",\n"
                + "  '../../satellite/service.properties', " + literal("/proc/1/root" + db) + ",\n"
                + "  file.path('/proc', ppid, 'root', " + literal(db) + "))\n"
                + "OutputDataSet <- data.frame(found = paths[file.exists(paths)])");
        assertEquals(List.of(), visible, "paths of the engine's data a script can see");
        List<String> listed = run(engine, "OutputDataSet <- data.frame(f = list.files("
                + literal(data) + ", all.files = TRUE, no.. = TRUE))");
        // the package libraries are there too, read-only (R packages are loaded from them)
        assertEquals(List.of("jobs", "launchers", "libraries"), listed, "what a script sees of the data directory");

        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void anotherJobsDirectoryCannotBeListedOrGuessed() throws Exception {
        // job B keeps a secret in its directory and works for a while; here, on the host, its directory is known
        CompletableFuture<List<String>> other = BadScripts.alongside(engine,
                "writeLines('secret of job B', 'secret.txt'); Sys.sleep(4); OutputDataSet <- data.frame(answer = 'unharmed')");
        Path otherDir = BadScripts.workingDirectory(BadScripts.runningWorkerPid(engine));
        Path jobs = otherDir.getParent();
        Path secret = otherDir.resolve("secret.txt");
        for (int i = 0; i < 100 && !(Files.exists(secret) && Files.readString(secret).endsWith("\n")); i++) {
            Thread.sleep(50);
        }
        assertEquals("secret of job B", Files.readString(secret).strip());

        // job A: the jobs directory lists no other job, and a guessed name is not there
        SQLException e = fails(engine, "38S01", "jobs <- dirname(getwd())\n"
                + "if (length(setdiff(list.files(jobs), basename(getwd()))) > 0) stop('listed the jobs directory')\n"
                + "if (file.access(jobs, 4L) == 0L) stop('may read the jobs directory')\n"
                + "readLines(file.path(jobs, 'job-000000000000000000000000', 'secret.txt'))");
        assertMentions(e, "cannot open", "job-000000000000000000000000/secret.txt': No such file or directory");

        // /proc names the siblings' directories only where they share a uid
        List<String> found = run(engine, "me <- Sys.getpid()\n"
                + "pids <- setdiff(list.files('/proc', pattern = '^[0-9]+$'), me)\n"
                + "dirs <- as.character(unique(unlist(lapply(pids, function(p) tryCatch(Sys.readlink(file.path('/proc', p, 'cwd')),"
                + " error = function(e) '')))))\n"
                + "dirs <- dirs[startsWith(dirs, dirname(getwd())) & dirs != getwd() & dirs != dirname(getwd())]\n"
                + "seen <- vapply(file.path(dirs, 'secret.txt'), function(f) paste(tryCatch(readLines(f),"
                + " error = function(e) conditionMessage(e)), collapse = ' '), '')\n"
                + "OutputDataSet <- data.frame(x = paste(basename(dirs), seen, sep = ': '))");
        if (engine.launchpad().uidPerWorker().enforced()) {
            assertTrue(found.stream().noneMatch(f -> f != null && f.contains("secret of job B")),
                    "a job read a sibling's directory via /proc/PID/cwd: " + found);
        } else {
            System.out.println("[workers share a uid here; see NonRootEngineTest] what a job read via /proc/PID/cwd: "
                    + found);
        }

        assertEquals(List.of("unharmed"), other.get(60, TimeUnit.SECONDS), "job B");
        assertEngineUnharmedAndNothingLeft(engine);
        assertTrue(Files.exists(jobs) && !Files.exists(otherDir), "job B's directory went with job B");
    }

    /**
     * Warm workers of a language are forks of one zygote in one sandbox, so anything a job could
     * leave outside its own directory, the next job would find. Its temporary files (R's
     * tempdir(), Python's tempfile, TMPDIR) are in its own directory, which goes with the job;
     * /tmp takes no files.
     */
    @Test
    void aJobFindsNothingThatTheJobBeforeItLeft() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            for (String language : List.of("R", "Python")) {
                String marker = "left-by-" + language + "-" + System.nanoTime();
                List<String> first = run(c, language, language.equals("R")
                        ? "writeLines('secret', file.path(tempdir(), '" + marker + "'))\n"
                        + "t <- tryCatch({ writeLines('secret', '/tmp/" + marker + "'); 'written' },"
                        + " error = function(e) conditionMessage(e), warning = function(w) conditionMessage(w))\n"
                        + "OutputDataSet <- data.frame(x = c(tempdir(), Sys.getenv('TMPDIR'), getwd(), t))"
                        : "import os, tempfile\nimport pandas as pd\n"
                        + "open(os.path.join(tempfile.gettempdir(), '" + marker + "'), 'w').write('secret')\n"
                        + "try:\n    open('/tmp/" + marker + "', 'w').write('secret'); t = 'written'\n"
                        + "except OSError as e:\n    t = str(e)\n"
                        + "OutputDataSet = pd.DataFrame({'x': [tempfile.gettempdir(), os.environ.get('TMPDIR', ''),"
                        + " os.getcwd(), t]})");
                assertEquals(4, first.size(), language + ": " + first);
                String temp = first.get(0);
                assertTrue(temp.startsWith(first.get(2) + "/"), language + ": the temporary directory " + temp
                        + " is in the job's own " + first.get(2));
                assertEquals(temp, first.get(1), language + ": TMPDIR is the same directory");
                assertTrue(first.get(3).contains("Read-only file system"), language + ": writing to /tmp: " + first.get(3));

                List<String> next = run(c, language, language.equals("R")
                        ? "found <- c(list.files(tempdir(), all.files = TRUE, no.. = TRUE),"
                        + " list.files('/tmp', pattern = '" + marker + "', recursive = TRUE),"
                        + " if (file.exists(" + literal(temp) + ")) 'the tempdir of the job before is there')\n"
                        + "OutputDataSet <- data.frame(x = c('looked', found))"
                        : "import os, tempfile\nimport pandas as pd\n"
                        + "found = os.listdir(tempfile.gettempdir())\n"
                        + "for top, dirs, files in os.walk('/tmp'):\n"
                        + "    found += [os.path.join(top, f) for f in files if '" + marker + "' in f]\n"
                        + "if os.path.exists(" + literal(temp) + "):\n    found.append('the tempdir of the job before is there')\n"
                        + "OutputDataSet = pd.DataFrame({'x': ['looked'] + found})");
                assertEquals(List.of("looked"), next, language + ": what the next job found of the one before it");
                for (int i = 0; i < 50 && Files.exists(Path.of(temp)); i++) {
                    Thread.sleep(100);
                }
                assertFalse(Files.exists(Path.of(temp)), language + ": the temporary directory went with its job: " + temp);
            }
        }
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * A forked worker is born holding its zygote's control pipe (fd 0: the engine's FORK lines),
     * answer pipe (fd 1: FORKED lines) and log (fd 2). A job that kept them could steal forks
     * meant for other jobs, answer in the zygote's name with a pid of its choosing, or write into
     * the log that other jobs' "zygote exited" errors quote (and read there what they wrote).
     */
    @Test
    void aJobHoldsNoneOfTheZygotesPipes() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            List<String> r = run(c, "R", "OutputDataSet <- data.frame(x = Sys.readlink(paste0('/proc/self/fd/', 0:2)))");
            List<String> python = run(c, "Python", "import os\nimport pandas as pd\n"
                    + "OutputDataSet = pd.DataFrame({'x': [os.readlink('/proc/self/fd/%d' % fd) for fd in range(3)]})");
            for (List<String> fds : List.of(r, python)) {
                assertEquals("/dev/null", fds.get(0), "standard input: " + fds);
                assertTrue(fds.get(1).endsWith("/output.txt"), "standard output: " + fds);
                assertTrue(fds.get(2).endsWith("/output.txt"), "standard error: " + fds);
            }
        }
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * What a forked job's subprocesses print is the job's own output, as a DBA sees it in the
     * messages, in the order it was printed, standard output and error interleaved; none of it
     * goes to the zygote's log (nor is it lost). A job the pool could not serve warm runs cold,
     * where the two streams arrive one after the other: it is tried again.
     */
    @Test
    void whatASubprocessPrintsIsTheJobsOwnOutputInOrder() throws Exception {
        String r = forkedJobsMessages("R", "cat('one\\n'); system('echo two >&2; echo three'); message('four')\n"
                + "OutputDataSet <- data.frame(x = Sys.readlink('/proc/self/fd/1'))");
        String python = forkedJobsMessages("Python", "import os, subprocess, sys\nimport pandas as pd\nprint('one')\n"
                + "subprocess.run('echo two >&2; echo three', shell=True)\nprint('four', file=sys.stderr)\n"
                + "OutputDataSet = pd.DataFrame({'x': [os.readlink('/proc/self/fd/1')]})");
        for (String printed : List.of(r, python)) {
            int one = printed.indexOf("one");
            int two = printed.indexOf("two");
            int three = printed.indexOf("three");
            int four = printed.indexOf("four");
            assertTrue(one >= 0 && one < two && two < three && three < four, "printed, in this order: " + printed);
        }
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /** The messages of a script whose one output value is its fd 1, once it ran on a forked worker. */
    private String forkedJobsMessages(String language, String script) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            Printed printed = call(language, script);
            if (printed.firstValue().endsWith("/output.txt")) {
                return printed.messages();
            }
            Thread.sleep(1000);  // ran cold: the pool refills
        }
        throw new AssertionError(language + " never ran on a forked worker");
    }

    /** What a script run over JDBC printed (its messages, a line each) and the first value of its output. */
    private record Printed(String messages, String firstValue) {
    }

    private Printed call(String language, String script) throws SQLException {
        StringBuilder messages = new StringBuilder();
        String firstValue = "";
        try (Connection c = engine.connectAsAdmin(); java.sql.CallableStatement cs = c.prepareCall(
                "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, NULL, NULL, NULL, NULL, NULL)")) {
            cs.setString(1, language);
            cs.setString(2, script);
            if (cs.execute()) {
                try (java.sql.ResultSet rs = cs.getResultSet()) {
                    firstValue = rs.next() ? rs.getString(1) : "";
                }
            }
            for (java.sql.SQLWarning w = cs.getWarnings(); w != null; w = w.getNextWarning()) {
                messages.append(w.getMessage()).append('\n');
            }
        }
        return new Printed(messages.toString(), firstValue);
    }

    /**
     * A job owns its directory, so it can put a symlink where the engine expects its printed
     * output; the engine (root here) must not follow it to a file of the host and hand that over
     * as the job's messages.
     */
    @Test
    void aJobCannotMakeTheEngineReadAHostFileForIt() throws Exception {
        Path secret = Files.writeString(dir.resolve("engine-only.txt"), "host secret 42\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String messages = call("R", "print('printed by the job')\n"
                + "file.remove('output.txt'); file.symlink(" + literal(secret) + ", 'output.txt')\n"
                + "OutputDataSet <- data.frame(x = Sys.readlink('output.txt'))").messages();
        assertTrue(messages.contains("printed by the job"), "the job's own output: " + messages);
        assertFalse(messages.contains("host secret"), "the engine followed the job's symlink: " + messages);
        assertEngineUnharmedAndNothingLeft(engine);
    }

    /**
     * The forks of one zygote share its sandbox's network namespace and /dev/shm unless each takes
     * its own: a port one job listens on must be out of another job's reach, and Python's
     * multiprocessing (semaphores in /dev/shm) must work.
     */
    @Test
    void jobsShareNeitherALoopbackNorADevShm() throws Exception {
        int port = 20000 + new java.util.Random().nextInt(40000);
        CompletableFuture<List<String>> listener = BadScripts.alongside(engine, "listening <- serverSocket(" + port + ")\n"
                + "writeLines('up', 'listening.txt')\n"
                + "for (i in 1:600) if (file.exists('release')) break else Sys.sleep(0.1)\n"
                + "OutputDataSet <- data.frame(answer = 'unharmed')");
        Path up = null;
        for (int i = 0; i < 200 && up == null; i++) {
            try (java.util.stream.Stream<Path> dirs = Files.list(data.resolve("jobs"))) {
                up = dirs.map(d -> d.resolve("listening.txt")).filter(Files::isRegularFile).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                // a directory went while listed
            }
            Thread.sleep(50);
        }
        assertTrue(up != null, "the listening job is up");
        try (Connection c = engine.connectAsAdmin()) {
            assertEquals(List.of("refused"), run(c, "R", "OutputDataSet <- data.frame(x = tryCatch({"
                    + " close(socketConnection('127.0.0.1', " + port + ", timeout = 2)); 'connected' },"
                    + " error = function(e) 'refused', warning = function(w) 'refused'))"), "another job's port");
            assertEquals(List.of("6"), run(c, "Python", "import multiprocessing\nimport pandas as pd\n"
                    + "with multiprocessing.Pool(2) as p:\n    n = sum(p.map(abs, [-1, -2, -3]))\n"
                    + "OutputDataSet = pd.DataFrame({'n': [str(n)]})"), "Python's multiprocessing");
        }
        Files.writeString(up.resolveSibling("release"), "");
        assertEquals(List.of("unharmed"), listener.get(60, TimeUnit.SECONDS));
        assertEngineUnharmedAndNothingLeft(engine);
    }

    @Test
    void openingANetworkConnectionFails() throws Exception {
        CompletableFuture<List<String>> alongside = slowNormalJobRunning(engine);
        SQLException e = fails(engine, "38S01", "socketConnection('1.1.1.1', 80, timeout = 5)");
        assertMentions(e, "cannot open the connection", "1.1.1.1:80 cannot be opened");

        // a service on the host's loopback is out of reach too: the sandbox has a loopback of its own
        try (ServerSocket host = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SQLException local = fails(engine, "38S01", "socketConnection('127.0.0.1', " + host.getLocalPort()
                    + ", timeout = 5)");
            assertMentions(local, "cannot open the connection");
        }
        List<String> probe = run(engine, "dev <- readLines('/proc/net/dev')[-(1:2)]\n"
                + "OutputDataSet <- data.frame(x = c(trimws(sub(':.*', '', dev)), paste('dns', !is.null(utils::nsl('example.com')))))");
        assertEquals(List.of("lo", "dns FALSE"), probe, "network interfaces and name lookup inside the sandbox");

        assertUnharmed(alongside);
        assertEngineUnharmedAndNothingLeft(engine);
    }
}
