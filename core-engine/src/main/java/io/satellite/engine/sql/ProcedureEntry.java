package io.satellite.engine.sql;

import io.satellite.engine.tsql.BatchScript;
import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.SqlSyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SQLML.EXECUTE_PROCEDURE(name, arguments)}: runs a stored T-SQL procedure for a JDBC
 * client, e.g. {@code CALL SQLML.EXECUTE_PROCEDURE('predict_rentals', '@model_name = ''lm''')},
 * on the caller's connection and with the caller's rights, and returns the result sets its
 * body produced (up to 4). {@code arguments} is what follows the name in {@code EXEC name ...}:
 * literals only, never evaluated as SQL.
 */
public final class ProcedureEntry {
    private static final int MAX_RESULTS = 4;

    private ProcedureEntry() {
    }

    public static void execute(String name, String arguments, ResultSet[] r1, ResultSet[] r2, ResultSet[] r3,
                               ResultSet[] r4) throws SQLException {
        ResultSet[][] results = {r1, r2, r3, r4};
        Connection c = DriverManager.getConnection("jdbc:default:connection");
        BatchStatement.Exec exec = parse(name, arguments);
        StoredProcedures procedures = new StoredProcedures(c);
        StoredProcedures.Definition p = procedures.find(exec.qualified()).orElseThrow(() -> new SQLException(
                "there is no stored procedure " + name.strip(), "42Y03"));
        Kept kept = new Kept();
        try {
            procedures.run(p, exec, new BatchVariables(), new BatchRunner(c, kept));
        } catch (SqlSyntaxException e) {
            throw new SQLException(e.reason(), "42X01", e);
        }
        if (kept.results.size() > MAX_RESULTS) {
            throw new SQLException("procedure " + p.name() + " returned " + kept.results.size()
                    + " result sets; SQLML.EXECUTE_PROCEDURE returns at most " + MAX_RESULTS, "0A000");
        }
        for (int i = 0; i < kept.results.size() && i < results.length; i++) {
            results[i][0] = kept.results.get(i);
        }
    }

    private static BatchStatement.Exec parse(String name, String arguments) throws SQLException {
        String text = "EXEC " + (name == null ? "" : name) + " " + (arguments == null ? "" : arguments);
        try {
            List<BatchScript.Batch> batches = BatchScript.of(text).batches();
            List<BatchStatement> statements = batches.size() == 1 ? batches.get(0).statements() : List.of();
            if (statements.size() != 1 || !(statements.get(0) instanceof BatchStatement.Exec exec)) {
                throw new SQLException("SQLML.EXECUTE_PROCEDURE takes a procedure name and its arguments", "42X01");
            }
            return exec;
        } catch (SqlSyntaxException e) {
            throw new SQLException(e.reason(), "42X01", e);
        }
    }

    /** Keeps the body's result sets open for the caller; messages become the CALL's warnings. */
    private static final class Kept implements Results.Keeper {
        final List<ResultSet> results = new ArrayList<>();

        @Override
        public void keep(ResultSet rs) {
            results.add(rs);
        }

        @Override
        public void warning(SQLWarning warning) {
            try {
                io.satellite.engine.script.CallerWarnings.add(warning);
            } catch (SQLException e) {
                // no statement to attach the message to: it is dropped, as Derby drops a CALL's own warnings
            }
        }

        @Override
        public void resultSet(ResultSet rs) {
            results.add(rs);
        }

        @Override
        public void updateCount(long count) {
        }
    }
}
