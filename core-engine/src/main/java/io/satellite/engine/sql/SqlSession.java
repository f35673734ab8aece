package io.satellite.engine.sql;

import io.satellite.engine.tsql.BatchScript;
import io.satellite.engine.tsql.SourceLines;
import io.satellite.engine.tsql.SqlSyntaxException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs T-SQL scripts on one connection (batches separated by {@code GO}, with variables,
 * {@code PRINT}, {@code EXEC sp_execute_external_script} with OUTPUT parameters, INSERT ... EXEC
 * and stored procedures; see {@link io.satellite.engine.tsql.BatchParser}), and reports results
 * and messages to a listener as they come. The command line and the console both run SQL
 * through this class.
 */
public final class SqlSession {
    private final Connection connection;

    public SqlSession(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Runs every statement of the script in order; stops at the first failure, which is
     * thrown as a {@link StatementFailure} naming the statement, line and column.
     */
    public void execute(String batch, StatementListener listener) throws SQLException {
        BatchScript script;
        try {
            script = BatchScript.of(batch);
        } catch (SqlSyntaxException e) {
            SourceLines lines = new SourceLines(batch);
            int at = Math.max(0, e.position());
            throw new StatementFailure(1, batch, new SQLException(e.reason(), "42X01", e), lines.line(at),
                    lines.column(at));
        }
        new BatchRunner(connection, listener).run(script);
    }
}
