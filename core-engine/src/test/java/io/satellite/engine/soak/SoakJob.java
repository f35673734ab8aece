package io.satellite.engine.soak;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One job of the soak: R or Python, small (one row) or large (20,000 rows each way), meant to
 * succeed, to fail in the script, or to be cancelled by the caller's query timeout. It knows
 * the answer it must get, and says how it ended as the client saw it.
 */
record SoakJob(int k, String language, Kind kind) {
    static final int LARGE_ROWS = 20_000;

    enum Kind { SMALL, LARGE, FAILING, CANCELLED }

    /** How a job ended, as its client saw it. */
    enum Outcome { SUCCEEDED, FAILED, CANCELLED }

    private static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, NULL, NULL, NULL, NULL)";

    boolean python() {
        return language.equals("Python");
    }

    /** Runs the job; returns how it ended, or throws AssertionError if the answer or the error is wrong. */
    Outcome run(Connection c) throws SQLException {
        try (CallableStatement cs = c.prepareCall(CALL)) {
            cs.setString(1, language);
            cs.setString(2, script());
            cs.setString(3, kind == Kind.LARGE ? "SELECT N FROM SOAK_NUMBERS"
                    : "SELECT CAST(" + k + " AS DOUBLE) AS K FROM SYSIBM.SYSDUMMY1");
            if (kind == Kind.CANCELLED) {
                cs.setQueryTimeout(1);
            }
            try {
                cs.execute();
                check(cs);
            } catch (SQLException e) {
                return expected(e);
            }
        }
        if (kind == Kind.FAILING || kind == Kind.CANCELLED) {
            throw new AssertionError("job " + k + " (" + language + ", " + kind + ") succeeded");
        }
        return Outcome.SUCCEEDED;
    }

    private String script() {
        return switch (kind) {
            case SMALL -> python() ? "OutputDataSet = InputDataSet * 2" : "OutputDataSet <- InputDataSet * 2";
            case LARGE -> python() ? "OutputDataSet = InputDataSet * 2"
                    : "OutputDataSet <- data.frame(N2 = InputDataSet$N * 2)";
            case FAILING -> python() ? "raise ValueError('planned failure " + k + "')"
                    : "stop('planned failure " + k + "')";
            case CANCELLED -> python() ? "import time\ntime.sleep(60)" : "Sys.sleep(60)";
        };
    }

    private void check(CallableStatement cs) throws SQLException {
        try (ResultSet rs = cs.getResultSet()) {
            if (kind == Kind.SMALL) {
                if (!rs.next() || rs.getDouble(1) != 2.0 * k || rs.next()) {
                    throw new AssertionError("job " + k + " (" + language + ") answered wrongly");
                }
                return;
            }
            long rows = 0;
            double sum = 0;
            while (rs.next()) {
                rows++;
                sum += rs.getDouble(1);
            }
            double expected = (double) LARGE_ROWS * (LARGE_ROWS + 1);
            if (rows != LARGE_ROWS || sum != expected) {
                throw new AssertionError("job " + k + " (" + language + ", large): " + rows + " rows, sum " + sum);
            }
        }
    }

    /** A failing job's error must be its script's; a cancelled one's, the timeout's; anything else is a fault. */
    private Outcome expected(SQLException e) throws SQLException {
        String m = String.valueOf(e.getMessage());
        if (kind == Kind.FAILING && m.contains("38S01") && m.contains("planned failure " + k)) {
            return Outcome.FAILED;
        }
        if (kind == Kind.CANCELLED && m.contains("38S09")) {
            return Outcome.CANCELLED;
        }
        throw e;
    }
}
