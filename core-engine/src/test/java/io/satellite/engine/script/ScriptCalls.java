package io.satellite.engine.script;

import io.satellite.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Calls SQLML.SP_EXECUTE_EXTERNAL_SCRIPT the way a JDBC client does and collects everything
 * it returns: the output data set (names, SQL types, rows), the OUTPUT parameter row, and the
 * printed messages (SQL warnings). All result sets are read to the end and closed.
 */
final class ScriptCalls {
    static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?,?,?,?,?,?,?)";

    private ScriptCalls() {
    }

    /** One result set, read completely. */
    record Table(List<String> names, List<String> types, List<List<Object>> rows) {
        Object value(int row, int column) {
            return rows.get(row).get(column);
        }

        List<Object> column(int column) {
            return rows.stream().map(r -> r.get(column)).toList();
        }
    }

    /** What one call returned. */
    record Outcome(boolean executeReturnedResultSet, Optional<Table> output, Map<String, Object> outputParameters,
                   Optional<Table> parameterTable, List<String> messages, List<String> order) {
        Table rows() {
            return output.orElseThrow(() -> new AssertionError("the call returned no output data set"));
        }
    }

    static Outcome r(Connection c, String script) throws SQLException {
        return call(c, "R", script, null, null, null, null, null);
    }

    static Outcome r(Connection c, String script, String inputQuery) throws SQLException {
        return call(c, "R", script, inputQuery, null, null, null, null);
    }

    static Outcome r(Connection c, String script, String inputQuery, String params, String resultSets)
            throws SQLException {
        return call(c, "R", script, inputQuery, null, null, params, resultSets);
    }

    static Outcome call(Connection c, String language, String script, String inputQuery, String inputName,
                        String outputName, String params, String resultSets) throws SQLException {
        try (CallableStatement cs = c.prepareCall(CALL)) {
            cs.setString(1, language);
            cs.setString(2, script);
            cs.setString(3, inputQuery);
            cs.setString(4, inputName);
            cs.setString(5, outputName);
            cs.setString(6, params);
            cs.setString(7, resultSets);
            boolean first = cs.execute();
            List<String> messages = new ArrayList<>();
            for (SQLWarning w = cs.getWarnings(); w != null; w = w.getNextWarning()) {
                if ("01S01".equals(w.getSQLState())) {
                    messages.add(w.getMessage());
                }
            }
            Table output = null;
            Table parameters = null;
            List<String> order = new ArrayList<>();
            boolean has = first;
            while (has) {
                try (ResultSet rs = cs.getResultSet()) {
                    Table t = read(rs);
                    boolean isParameters = !t.names().isEmpty()
                            && t.names().stream().allMatch(n -> n.startsWith("@"));
                    if (isParameters) {
                        if (parameters != null) {
                            throw new AssertionError("two OUTPUT parameter result sets");
                        }
                        parameters = t;
                        order.add("parameters");
                    } else {
                        if (output != null) {
                            throw new AssertionError("two output data sets: " + output.names() + ", " + t.names());
                        }
                        output = t;
                        order.add("output");
                    }
                }
                has = cs.getMoreResults();
            }
            Map<String, Object> values = new LinkedHashMap<>();
            if (parameters != null) {
                if (parameters.rows().size() != 1) {
                    throw new AssertionError("OUTPUT parameter result set has " + parameters.rows().size() + " rows");
                }
                for (int i = 0; i < parameters.names().size(); i++) {
                    values.put(parameters.names().get(i), parameters.value(0, i));
                }
            }
            return new Outcome(first, Optional.ofNullable(output), values, Optional.ofNullable(parameters), messages,
                    List.copyOf(order));
        }
    }

    static Table read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
            types.add(typeOf(md, i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof Blob b) {
                    v = b.getBytes(1, (int) b.length());
                } else if (v instanceof Clob cl) {
                    v = cl.getSubString(1, (int) cl.length());
                }
                row.add(v);
            }
            rows.add(row);
        }
        return new Table(List.copyOf(names), List.copyOf(types), rows);
    }

    /** Type name as Derby declares it, e.g. INTEGER, VARCHAR(32672), DECIMAL(10,2), BLOB. */
    private static String typeOf(ResultSetMetaData md, int i) throws SQLException {
        String name = md.getColumnTypeName(i);
        switch (md.getColumnType(i)) {
            case java.sql.Types.VARCHAR, java.sql.Types.CHAR -> {
                return name + "(" + md.getPrecision(i) + ")";
            }
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> {
                return name + "(" + md.getPrecision(i) + "," + md.getScale(i) + ")";
            }
            default -> {
                return name;
            }
        }
    }

    /**
     * R processes below this JVM that the launchpad does not keep on purpose (its zygotes and
     * warm workers are listed in {@code standby()}): a job's worker, which must be gone after the job.
     */
    static List<String> jobRProcesses(Engine engine) {
        java.util.Set<Long> standby = engine.launchpad().standby().pids();
        return rProcesses().filter(p -> !standby.contains(p.pid()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(p.info().command().orElse("?")))
                .toList();
    }

    private static java.util.stream.Stream<ProcessHandle> rProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> {
            String cmd = p.info().command().orElse("");
            String base = cmd.substring(cmd.lastIndexOf('/') + 1);
            return base.equals("R") || base.equals("Rscript");
        });
    }

    /** Everything under the jobs directory that is not a standby (warm) worker's directory. */
    static List<String> jobFiles(Engine engine) throws IOException {
        Path jobs = engine.dataDirectory().resolve("jobs");
        if (!Files.exists(jobs)) {
            return List.of();
        }
        java.util.Set<Path> standby = engine.launchpad().standby().directories();
        List<String> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(jobs)) {
            for (Path d : dirs.toList()) {
                if (standby.contains(d)) {
                    continue;
                }
                try (Stream<Path> all = Files.walk(d)) {
                    all.forEach(p -> out.add(jobs.relativize(p) + (Files.isRegularFile(p) ? " (file)" : "")));
                } catch (IOException | java.io.UncheckedIOException e) {
                    out.add(jobs.relativize(d) + " (vanishing)");
                }
            }
        }
        return out;
    }

    /**
     * Asserts that no job's worker directory or R process remains. The warm pool refills and
     * cleans up in the background, so the state is given up to 5 s to settle; a real leftover stays.
     */
    static void assertNoLeftovers(Engine engine, String when) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> dirs;
        List<String> procs;
        do {
            dirs = jobFiles(engine);
            procs = jobRProcesses(engine);
            if (dirs.isEmpty() && procs.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("left " + when + ": worker directories " + dirs + ", R processes " + procs);
    }

    /** Work that may hang in the engine (a worker that never answers). */
    interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work}; if it has not finished after {@code seconds}, kills the job's R workers
     * (not the launchpad's standby ones), which unblocks the engine, and fails: a hang is a failure,
     * not a stuck build.
     */
    static <T> T withinSeconds(Engine engine, long seconds, Work<T> work) throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hang-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(() -> {
            fired.set(true);
            java.util.Set<Long> standby = engine.launchpad().standby().pids();
            rProcesses().filter(p -> !standby.contains(p.pid())).forEach(ProcessHandle::destroyForcibly);
        }, seconds, TimeUnit.SECONDS);
        try {
            T result = work.run();
            if (fired.get()) {
                throw new AssertionError("the job hung for more than " + seconds + " s (its R workers were killed)");
            }
            return result;
        } catch (Exception | AssertionError e) {
            if (fired.get()) {
                throw new AssertionError("the job hung for more than " + seconds
                        + " s; its R workers were killed to unblock it", e);
            }
            throw e;
        } finally {
            timer.shutdownNow();
        }
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
