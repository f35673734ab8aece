package io.satellite.engine.sql;

import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.StatementSplitter;
import io.satellite.engine.tsql.Translation;
import io.satellite.engine.tsql.TsqlTranslator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.List;

/**
 * Runs batches of statements on one connection, accepting the T-SQL forms of
 * {@link TsqlTranslator}, and reports results and messages to a listener as they come.
 * The command line and the console both run SQL through this class.
 */
public final class SqlSession {
    private final Connection connection;

    public SqlSession(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs every statement of the batch in order; stops at the first failure. */
    public void execute(String batch, StatementListener listener) throws SQLException {
        List<String> statements = StatementSplitter.split(batch);
        for (int i = 0; i < statements.size(); i++) {
            String statement = statements.get(i);
            listener.statementStarted(i + 1, statement);
            try {
                run(statement, listener);
            } catch (SQLException e) {
                throw new StatementFailure(i + 1, statement, e);
            } catch (SqlSyntaxException e) {
                throw new StatementFailure(i + 1, statement, new SQLException(e.getMessage(), "42X01"));
            }
        }
    }

    private void run(String statement, StatementListener listener) throws SQLException {
        Translation t = TsqlTranslator.translate(statement);
        try (PreparedStatement ps = t.isCall() ? connection.prepareCall(t.sql()) : connection.prepareStatement(t.sql())) {
            for (int p = 0; p < t.parameters().size(); p++) {
                ps.setObject(p + 1, t.parameters().get(p));
            }
            boolean isResult = ps.execute();
            report(ps.getWarnings(), listener);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = ps.getResultSet()) {
                        listener.resultSet(rs);
                        report(rs.getWarnings(), listener);
                    }
                } else {
                    long count = ps.getUpdateCount();
                    if (count < 0) {
                        break;
                    }
                    if (changesRows(statement)) {
                        listener.updateCount(count);
                    }
                }
                isResult = ps.getMoreResults();
            }
        }
    }

    /** DDL and calls also report a count of 0; only row-changing statements have a meaningful one. */
    private static boolean changesRows(String statement) {
        String word = statement.stripLeading().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
        return word.equals("INSERT") || word.equals("UPDATE") || word.equals("DELETE") || word.equals("MERGE");
    }

    private static void report(SQLWarning w, StatementListener listener) {
        for (; w != null; w = w.getNextWarning()) {
            listener.warning(w);
        }
    }
}
