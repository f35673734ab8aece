package io.satellite.monitor;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A real engine with external scripts enabled, for the monitor's tests on real R jobs. */
final class MonitoredEngine {
    static final String ADMIN_PASSWORD = "monitor-test-pw";

    private MonitoredEngine() {
    }

    static Engine start(Path data) throws Exception {
        Engine engine = Engine.start(EngineOptions.fromEnvironment(data, System.getenv())
                .withAdminPassword(ADMIN_PASSWORD));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        return engine;
    }

    /** Runs an R script and returns its output rows (each row's values as doubles). */
    static List<double[]> runR(Connection c, String script) throws SQLException {
        List<double[]> rows = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '" + script.replace("'", "''")
                    + "', NULL, NULL, NULL, NULL, NULL)");
            try (ResultSet rs = s.getResultSet()) {
                while (rs != null && rs.next()) {
                    double[] row = new double[rs.getMetaData().getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getDouble(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** R code ending a script: its own CPU (self, children) in ms, by R's proc.time(). */
    static final String OWN_CPU = "p <- proc.time(); OutputDataSet <- data.frame(self_ms = (p[[1]] + p[[2]]) * 1000,"
            + " child_ms = (p[[4]] + p[[5]]) * 1000)";
}
