package io.satellite.engine.sql;

import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.SqlRewriter;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import java.sql.CallableStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code EXEC schema.name arg, ...} of a procedure that is not a stored T-SQL procedure: a
 * Derby procedure such as {@code SQLML.KILL_EXTERNAL_SCRIPT}, called with its arguments
 * (literals or variables, positional: Derby has no named arguments) bound.
 */
final class DerbyProcedureCall {
    private final BatchRunner runner;
    private final BatchVariables variables;

    DerbyProcedureCall(BatchRunner runner, BatchVariables variables) {
        this.runner = runner;
        this.variables = variables;
    }

    void call(BatchStatement.Exec e) throws SQLException {
        List<List<Token>> args = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        List<Token> tokens = e.arguments();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == Token.Kind.VARIABLE && current.isEmpty() && i + 1 < tokens.size()
                    && tokens.get(i + 1).isSymbol("=")) {
                throw new SqlSyntaxException("procedure " + e.procedure() + " is not a stored T-SQL procedure; pass"
                        + " its arguments by position", t.position());
            }
            if (t.isSymbol(",")) {
                args.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            args.add(current);
        }
        StringBuilder sql = new StringBuilder("CALL ");
        List<Token> markers = new ArrayList<>();
        List<Token> name = e.source().tokens().subList(1, e.source().tokens().size() - e.arguments().size());
        sql.append(SqlRewriter.rewrite(e.source().script(), name, variables::typeOf).sql()).append('(');
        for (int i = 0; i < args.size(); i++) {
            SqlRewriter.BoundSql a = SqlRewriter.rewrite(e.source().script(), args.get(i), variables::typeOf);
            sql.append(i == 0 ? "" : ", ").append(a.sql());
            markers.addAll(a.variables());
        }
        sql.append(')');
        CallableStatement cs = runner.connection().prepareCall(sql.toString());
        try {
            BoundValues.bind(cs, markers, variables);
        } catch (SQLException | RuntimeException ex) {
            cs.close();
            throw ex;
        }
        Results.execute(cs, runner.listener(), false, Results.NONE);
    }
}
