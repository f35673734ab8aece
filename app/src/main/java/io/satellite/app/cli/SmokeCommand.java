package io.satellite.app.cli;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code satellite --smoke}: proves an installation works end to end, without a display.
 * Boots the engine on a scratch data directory (a new database, a generated admin password),
 * enables external scripts, runs one R script through {@code sp_execute_external_script} on
 * a table's rows, checks the answer against Derby's own {@code AVG}, and checks that the
 * worker ran in the sandbox (its own PID namespace, no view of the database). Prints each
 * step; returns 0 on success, 1 with the failed step's reason otherwise. The scratch
 * directory is removed in every case, and the engine's workers go with the engine.
 */
public final class SmokeCommand {
    static final String SCRIPT = """
            OutputDataSet <- data.frame(
              rows = nrow(InputDataSet),
              mean_length = mean(InputDataSet$sepal_length),
              worker_pid = Sys.getpid(),
              pid_namespace = Sys.readlink("/proc/self/ns/pid"),
              sees_database = file.exists(database_file),
              worker_user = Sys.info()[["effective_user"]],
              r_version = R.version.string)""";
    private static final String RESULT_SHAPE = "((rows INT, mean_length FLOAT, worker_pid INT,"
            + " pid_namespace VARCHAR(64), sees_database BIT, worker_user VARCHAR(64), r_version VARCHAR(128)))";

    private final PrintStream out;
    private final Map<String, String> env;
    private final Path scratchParent;

    public SmokeCommand(PrintStream out, Map<String, String> env) {
        this(out, env, Path.of(System.getProperty("java.io.tmpdir")));
    }

    SmokeCommand(PrintStream out, Map<String, String> env, Path scratchParent) {
        this.out = out;
        this.env = env;
        this.scratchParent = scratchParent;
    }

    /** Runs the smoke test; returns the process exit status. */
    public int run(String[] args) throws IOException {
        if (args.length > 0) {
            throw new UsageException("--smoke takes no arguments (it always uses a scratch data directory)");
        }
        long started = System.nanoTime();
        Path scratch = Files.createTempDirectory(scratchParent, "satellite-smoke-");
        String step = "booting the engine";
        try {
            EngineOptions options = EngineOptions.fromEnvironment(scratch.resolve("satellite"), env)
                    .withAdminPassword(null);
            long boot = System.nanoTime();
            try (Engine engine = Engine.start(options)) {
                say("engine booted on a new database in %s (%d ms)", engine.dataDirectory(), millisSince(boot));
                try (Connection c = engine.connectAsAdmin()) {
                    step = "enabling external scripts";
                    enableExternalScripts(c);
                    step = "creating the sample table";
                    double expectedMean = sampleTable(c);
                    step = "running an R script through sp_execute_external_script";
                    long run = System.nanoTime();
                    WorkerAnswer answer = runScript(c, engine.dataDirectory());
                    say("R answered in %d ms: %s, worker pid %d as user %s", millisSince(run), answer.rVersion(),
                            answer.workerPid(), answer.workerUser());
                    step = "checking the answer";
                    answer.check(4, expectedMean, enginePidNamespace());
                    say("the script saw 4 rows with mean sepal length %.3f, as Derby's AVG gives", answer.mean());
                    say("the worker ran in the sandbox: its own PID namespace (%s), no view of the database",
                            answer.pidNamespace());
                }
                step = "shutting the engine down";
            }
            say("passed in %d ms", millisSince(started));
            return 0;
        } catch (SQLException | IOException | IllegalStateException e) {
            String state = e instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() + ": " : "";
            say("FAILED while %s: %s%s", step, state, e.getMessage());
            return 1;
        } finally {
            deleteTree(scratch);
        }
    }

    private static void enableExternalScripts(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
    }

    /** Creates the sample rows; returns their mean as Derby computes it. */
    private static double sampleTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE iris_sample (sepal_length DOUBLE, species VARCHAR(20))");
            s.execute("INSERT INTO iris_sample VALUES (5.1, 'setosa'), (7.0, 'versicolor'), (6.3, 'virginica'),"
                    + " (4.9, 'setosa')");
            try (ResultSet rs = s.executeQuery("SELECT AVG(sepal_length) FROM iris_sample")) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    private static WorkerAnswer runScript(Connection c, Path data) throws SQLException {
        // The database's own files: the path to the data directory may exist in the sandbox (as the
        // parent of the worker's bound working directory), but nothing of the database is in it.
        Path file = data.resolve(Engine.DATABASE_NAME).resolve("service.properties");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the database has no " + file + ", so the sandbox cannot be checked");
        }
        String params = "@database_file VARCHAR(4000) = '" + file.toString().replace("'", "''") + "'";
        try (CallableStatement call = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, NULL, NULL, ?, ?)")) {
            call.setString(1, "R");
            call.setString(2, SCRIPT);
            call.setString(3, "SELECT sepal_length, species FROM iris_sample");
            call.setString(4, params);
            call.setString(5, RESULT_SHAPE);
            if (!call.execute()) {
                throw new IllegalStateException("sp_execute_external_script returned no result set");
            }
            try (ResultSet rs = call.getResultSet()) {
                if (!rs.next()) {
                    throw new IllegalStateException("the R script's OutputDataSet came back empty");
                }
                return new WorkerAnswer(rs.getInt("ROWS"), rs.getDouble("MEAN_LENGTH"), rs.getInt("WORKER_PID"),
                        rs.getString("PID_NAMESPACE"), rs.getBoolean("SEES_DATABASE"), rs.getString("WORKER_USER"), rs.getString("R_VERSION"));
            }
        }
    }

    /** What the R worker reported about the rows it got and where it ran. */
    record WorkerAnswer(int rows, double mean, int workerPid, String pidNamespace, boolean seesDatabase,
                        String workerUser, String rVersion) {

        /** Throws if the answer is wrong or the worker shared the engine's PID namespace or saw its data. */
        void check(int expectedRows, double expectedMean, String enginePidNamespace) {
            if (rows != expectedRows || Math.abs(mean - expectedMean) > 1e-9) {
                throw new IllegalStateException("the script saw " + rows + " rows with mean " + mean + "; Derby has "
                        + expectedRows + " rows with mean " + expectedMean);
            }
            if (seesDatabase) {
                throw new IllegalStateException("the worker can see the database directory: it is not sandboxed"
                        + " (install bubblewrap)");
            }
            if (pidNamespace == null || pidNamespace.isEmpty() || pidNamespace.equals(enginePidNamespace)) {
                throw new IllegalStateException("the worker shares the engine's PID namespace (" + enginePidNamespace
                        + "): it is not sandboxed (install bubblewrap)");
            }
        }
    }

    private static String enginePidNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    }

    private void say(String format, Object... args) {
        out.println("smoke: " + String.format(java.util.Locale.ROOT, format, args));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
