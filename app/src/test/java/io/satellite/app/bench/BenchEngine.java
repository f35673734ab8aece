package io.satellite.app.bench;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real engine on disk with external scripts enabled, and the calls the benchmark makes. */
final class BenchEngine {
    static final String ADMIN_PASSWORD = "benchmark-admin-pw";
    static final String EMPTY = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '', NULL, NULL, NULL, NULL, NULL)";

    private BenchEngine() {
    }

    static Engine start(Path data, int poolSize) throws Exception {
        Engine engine = Engine.start(EngineOptions.fromEnvironment(data, System.getenv())
                .withAdminPassword(ADMIN_PASSWORD).withWorkerPoolSize(poolSize));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        return engine;
    }

    /** An empty R script; milliseconds it took. */
    static double empty(Connection c) throws SQLException {
        long t = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(EMPTY);
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /** A small job (a parameter in, one row out); checks its answer. Milliseconds it took. */
    static double small(Connection c, int n) throws SQLException {
        long t = System.nanoTime();
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R',"
                + " 'OutputDataSet <- data.frame(x = n * 2L)', NULL, NULL, NULL, ?, NULL)")) {
            cs.setString(1, "@n INT = " + n);
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                if (!rs.next() || rs.getInt(1) != 2 * n) {
                    throw new SQLException("small job " + n + " returned a wrong answer");
                }
            }
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /** Runs an R script with no result and no input (for jobs that just wait). */
    static void run(Connection c, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '" + script.replace("'", "''")
                    + "', NULL, NULL, NULL, NULL, NULL)");
        }
    }
}
