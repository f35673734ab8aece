package io.satellite.engine.sql;

import io.satellite.engine.exchange.WireType;
import io.satellite.engine.script.SessionValues;
import io.satellite.engine.script.SqlType;
import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.ExternalScriptCall;
import io.satellite.engine.tsql.SqlLexer;
import io.satellite.engine.tsql.SqlRewriter;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import io.satellite.engine.tsql.TokenCursor;
import io.satellite.engine.tsql.Translation;
import io.satellite.engine.tsql.TsqlTranslator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * {@code EXEC}: {@code sp_execute_external_script} with batch variables as arguments and
 * OUTPUT parameters assigned back to variables; {@code INSERT INTO t EXEC ...}; stored T-SQL
 * procedures; {@code sp_configure}; and any other name as a Derby procedure call.
 */
final class ExecRunner implements ExternalScriptCall.Variables {
    /** Values longer than this go through {@link SessionValues} rather than inline in {@code params}. */
    private static final int INLINE = 4000;
    private final BatchRunner runner;
    private final Connection connection;
    private final BatchVariables variables;
    private boolean stored;

    ExecRunner(BatchRunner runner, BatchVariables variables) {
        this.runner = runner;
        this.connection = runner.connection();
        this.variables = variables;
    }

    void exec(BatchStatement.Exec e) throws SQLException {
        if (e.isExternalScript()) {
            externalScript(e, Results.NONE);
            return;
        }
        var stored = runner.procedures().find(e.qualified());
        if (stored.isPresent()) {
            runner.procedures().run(stored.get(), e, variables, runner);
            return;
        }
        Translation t = translate(e);
        if (t.translated()) {
            runner.run(t);
        } else {
            new DerbyProcedureCall(runner, variables).call(e);
        }
    }

    void insertExec(BatchStatement.InsertExec i) throws SQLException {
        if (!i.exec().isExternalScript()) {
            throw new SqlSyntaxException("INSERT ... EXEC runs sp_execute_external_script; for a stored procedure"
                    + " insert its rows with INSERT ... SELECT", i.exec().name().position());
        }
        SqlRewriter.BoundSql table = SqlRewriter.rewrite(i.source().script(), i.table(), variables::typeOf);
        if (!table.variables().isEmpty()) {
            throw new SqlSyntaxException("the table of INSERT ... EXEC cannot be a variable",
                    i.table().get(0).position());
        }
        RowInserter inserter = new RowInserter(connection, table.sql().strip(), i.columns());
        boolean auto = connection.getAutoCommit(); // all rows or none; inside a procedure, the caller's transaction
        if (auto) {
            connection.setAutoCommit(false);
        }
        try {
            externalScript(i.exec(), inserter);
            if (auto) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException ex) {
            if (auto) {
                connection.rollback();
            }
            throw ex;
        } finally {
            if (auto) {
                connection.setAutoCommit(true);
            }
        }
        runner.listener().updateCount(inserter.rows());
    }

    private void externalScript(BatchStatement.Exec e, Results.Interceptor rows) throws SQLException {
        ExternalScriptCall.Call call;
        try {
            call = ExternalScriptCall.translate(e.source().script(), new TokenCursor(e.arguments()), this);
        } catch (IllegalStateException ex) {
            if (ex.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw ex;
        }
        Map<String, Token> outputs = call.outputs();
        Results.Interceptor interceptor = rs -> (!outputs.isEmpty() && assignOutputs(rs, outputs)) || rows.take(rs);
        java.util.List<Object> args = new java.util.ArrayList<>(call.translation().parameters());
        args.set(2, derbyQuery((String) args.get(2)));
        Translation t = new Translation(call.translation().sql(), args, true);
        try {
            Results.execute(BatchRunner.bound(connection, t), runner.listener(), false, interceptor);
        } finally {
            if (stored) {
                SessionValues.clear(connection);
            }
        }
    }

    /** The OUTPUT parameter row (columns named @param): assigned to the variables given with OUTPUT. */
    private boolean assignOutputs(ResultSet rs, Map<String, Token> outputs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            if (!md.getColumnName(c).startsWith("@")) {
                return false;
            }
        }
        if (rs.next()) {
            for (int c = 1; c <= md.getColumnCount(); c++) {
                Token target = outputs.get(md.getColumnName(c).toUpperCase(Locale.ROOT));
                if (target != null) {
                    variables.set(target, BoundValues.read(rs, c));
                }
            }
        }
        return true;
    }

    /** The input query with T-SQL spellings (dbo., [names], N'...') made Derby's; as written if it has none. */
    static String derbyQuery(String query) {
        if (query == null) {
            return null;
        }
        try {
            SqlRewriter.BoundSql sql = SqlRewriter.rewrite(query, SqlLexer.tokenize(query), v -> {
                throw new SqlSyntaxException("no variables here");
            });
            return sql.variables().isEmpty() ? sql.sql() : query;
        } catch (SqlSyntaxException e) {
            return query;
        }
    }

    private Translation translate(BatchStatement.Exec e) {
        try {
            return TsqlTranslator.translate(e.source().text());
        } catch (SqlSyntaxException ex) {
            throw ex.position() < 0 ? ex : new SqlSyntaxException(ex.reason(), ex.position() + e.source().start());
        }
    }

    @Override
    public Object value(Token variable) {
        return variables.value(variable);
    }

    @Override
    public String literal(Token variable, SqlType type) {
        Object value = variables.value(variable);
        try {
            if (value == null) {
                return "NULL";
            }
            if (value instanceof byte[] b) {
                return b.length <= INLINE / 2 ? "0x" + HexFormat.of().formatHex(b) : store(b);
            }
            if (value instanceof Boolean b) {
                return b ? "TRUE" : "FALSE";
            }
            if (value instanceof Number n && type.wire() == WireType.INT) {
                return String.valueOf(n.longValue());
            }
            if (value instanceof Number n && type.wire() == WireType.DOUBLE) {
                return n instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(n.doubleValue());
            }
            String text = value instanceof Timestamp t ? t.toLocalDateTime().toString()
                    : value instanceof java.sql.Date d ? d.toLocalDate().toString() : value.toString();
            return text.length() <= INLINE ? "'" + text.replace("'", "''") + "'" : store(text);
        } catch (SQLException e) {
            throw new IllegalStateException("could not pass " + variable.text() + ": " + e.getMessage(), e);
        }
    }

    private String store(Object value) throws SQLException {
        stored = true;
        return SessionValues.store(connection, value);
    }
}
