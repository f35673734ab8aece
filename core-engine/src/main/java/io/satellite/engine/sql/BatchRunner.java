package io.satellite.engine.sql;

import io.satellite.engine.tsql.BatchScript;
import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.ExternalLibraryStatements;
import io.satellite.engine.tsql.ResourcePoolStatements;
import io.satellite.engine.tsql.SecurityStatements;
import io.satellite.engine.tsql.SourceLines;
import io.satellite.engine.tsql.SqlRewriter;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Translation;
import io.satellite.engine.tsql.TsqlTranslator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the batches of a script in order, statement by statement, as SQL Server does: the
 * first failed statement stops the script, and what earlier statements committed stays
 * committed. Failures name the statement and its line and column in the script.
 */
final class BatchRunner {
    private static final Set<String> ROW_CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    private static final Set<String> MISSING = Set.of("42Y55", "42X94", "42Y07");
    private static final Pattern DERBY_POSITION = Pattern.compile("at line (\\d+), column (\\d+)");
    private final Connection connection;
    private final StatementListener listener;
    private final StoredProcedures procedures;
    private int index;

    BatchRunner(Connection connection, StatementListener listener) {
        this.connection = connection;
        this.listener = listener;
        this.procedures = new StoredProcedures(connection);
    }

    Connection connection() {
        return connection;
    }

    StatementListener listener() {
        return listener;
    }

    void run(BatchScript script) throws SQLException {
        for (BatchScript.Batch batch : script.batches()) {
            for (int n = 0; n < batch.repeat(); n++) {
                run(batch, new BatchVariables());
            }
        }
    }

    /** Runs one batch with its variables (a stored procedure's start with its parameters). */
    void run(BatchScript.Batch batch, BatchVariables variables) throws SQLException {
        SourceLines lines = new SourceLines(batch.script());
        List<BatchStatement> statements;
        try {
            statements = batch.statements();
        } catch (SqlSyntaxException e) {
            int at = e.position() >= 0 ? e.position() : batch.tokens().get(0).position();
            throw new StatementFailure(index + 1, lineOf(batch.script(), at), syntax(e), lines.line(at),
                    lines.column(at));
        }
        for (BatchStatement s : statements) {
            index++;
            listener.statementStarted(index, s.source().text());
            try {
                execute(s, variables);
            } catch (StatementFailure e) {
                throw e;
            } catch (SQLException e) {
                int at = derbyPosition(s, e, lines);
                throw new StatementFailure(index, s.source().text(), e, lines.line(at), lines.column(at));
            } catch (SqlSyntaxException e) {
                int at = e.position() >= 0 ? e.position() : s.source().start();
                throw new StatementFailure(index, s.source().text(), syntax(e), lines.line(at), lines.column(at));
            }
        }
    }

    private void execute(BatchStatement s, BatchVariables variables) throws SQLException {
        Expressions expressions = new Expressions(connection, s.source().script(), variables);
        if (s instanceof BatchStatement.Declare d) {
            for (BatchStatement.Declaration v : d.variables()) {
                Object value = v.initial().isEmpty() ? null : expressions.evaluate(v.initial(), v.type());
                variables.declare(v.name(), v.type(), value);
            }
        } else if (s instanceof BatchStatement.SetVariable set) {
            variables.set(set.variable(), expressions.evaluate(set.expression(), variables.typeOf(set.variable())));
        } else if (s instanceof BatchStatement.SelectAssign a) {
            expressions.assign(a.assignments().stream().map(BatchStatement.Assignment::variable).toList(),
                    a.assignments().stream().map(BatchStatement.Assignment::expression).toList(), a.from());
        } else if (s instanceof BatchStatement.Print p) {
            listener.print(BoundValues.print(expressions.evaluate(p.expression())));
        } else if (s instanceof BatchStatement.Exec e) {
            new ExecRunner(this, variables).exec(e);
        } else if (s instanceof BatchStatement.InsertExec i) {
            new ExecRunner(this, variables).insertExec(i);
        } else if (s instanceof BatchStatement.CreateProcedure c) {
            procedures.create(c);
        } else if (s instanceof BatchStatement.DropProcedure d) {
            procedures.drop(d.name(), d.ifExists());
        } else if (s instanceof BatchStatement.DropIfExists d) {
            dropIfExists(d, variables);
        } else if (s instanceof BatchStatement.Ignored i) {
            if (i.message() != null) {
                listener.print(i.message());
            }
        } else {
            sql((BatchStatement.Sql) s, variables);
        }
    }

    StoredProcedures procedures() {
        return procedures;
    }

    private void sql(BatchStatement.Sql s, BatchVariables variables) throws SQLException {
        if (ResourcePoolStatements.handles(s.source().tokens())) {
            run(ResourcePoolStatements.translate(s.source().tokens()));
            return;
        }
        if (ExternalLibraryStatements.handles(s.source().tokens())) {
            run(ExternalLibraryStatements.translate(s.source().tokens()));
            return;
        }
        if (SecurityStatements.handles(s.source().tokens())) {
            run(SecurityStatements.translate(s.source().tokens()));
            return;
        }
        if (s.source().first().isKeyword("RECONFIGURE")) {
            run(TsqlTranslator.translate(s.source().text()));
            return;
        }
        SqlRewriter.BoundSql sql = SqlRewriter.rewrite(s.source().script(), s.source().tokens(), variables::typeOf);
        boolean counts = ROW_CHANGES.contains(s.source().first().upper());
        Results.execute(BoundValues.prepare(connection, sql, variables), listener, counts, Results.NONE);
    }

    /** Runs a translated T-SQL form (bound CALL or SELECT). */
    void run(Translation t) throws SQLException {
        Results.execute(bound(connection, t), listener, false, Results.NONE);
    }

    /** The statement of a translation with its parameters set. */
    static PreparedStatement bound(Connection connection, Translation t) throws SQLException {
        PreparedStatement ps = t.isCall() ? connection.prepareCall(t.sql()) : connection.prepareStatement(t.sql());
        try {
            for (int p = 0; p < t.parameters().size(); p++) {
                ps.setObject(p + 1, t.parameters().get(p));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private void dropIfExists(BatchStatement.DropIfExists d, BatchVariables variables) throws SQLException {
        SqlRewriter.BoundSql name = SqlRewriter.rewrite(d.source().script(), d.name(), variables::typeOf);
        SqlRewriter.BoundSql sql = new SqlRewriter.BoundSql("DROP " + d.kind() + " " + name.sql(), name.variables());
        try (PreparedStatement ps = BoundValues.prepare(connection, sql, variables)) {
            ps.execute();
        } catch (SQLException e) {
            if (!MISSING.contains(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static SQLException syntax(SqlSyntaxException e) {
        return new SQLException(e.reason(), "42X01", e);
    }

    /** Where in the script Derby's "at line L, column C" (of the statement it was given) points. */
    private static int derbyPosition(BatchStatement s, SQLException e, SourceLines lines) {
        Matcher m = e.getMessage() == null ? null : DERBY_POSITION.matcher(e.getMessage());
        int start = s.source().start();
        if (m == null || !m.find()) {
            return start;
        }
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        String script = s.source().script();
        int at = start;
        for (int l = 1; l < line && at >= 0; l++) {
            at = script.indexOf('\n', at) + 1;
            if (at == 0) {
                return start;
            }
        }
        return Math.min(at + column - 1, Math.max(start, s.source().end() - 1));
    }

    private static String lineOf(String script, int at) {
        int from = script.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        int to = script.indexOf('\n', at);
        return script.substring(from, to < 0 ? script.length() : to).strip();
    }
}
