package io.satellite.engine.sql;

import io.satellite.engine.script.SqlType;
import io.satellite.engine.tsql.SqlRewriter;
import io.satellite.engine.tsql.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the expressions of DECLARE, SET, SELECT @v = and PRINT by letting Derby do it:
 * {@code VALUES CAST((expression) AS type)} with the variables bound as parameters.
 */
final class Expressions {
    private final Connection connection;
    private final String script;
    private final BatchVariables variables;

    Expressions(Connection connection, String script, BatchVariables variables) {
        this.connection = connection;
        this.script = script;
        this.variables = variables;
    }

    /** The value of {@code expression} as the declared type of the variable it is assigned to. */
    Object evaluate(List<Token> expression, SqlType type) throws SQLException {
        if (type.jdbcType() == Types.BOOLEAN && expression.size() == 1) {
            Token t = expression.get(0);
            if (t.kind() == Token.Kind.NUMBER || t.kind() == Token.Kind.STRING) {
                return switch (t.text().strip().toUpperCase(java.util.Locale.ROOT)) {
                    case "0", "FALSE" -> Boolean.FALSE;
                    case "1", "TRUE" -> Boolean.TRUE;
                    default -> throw new SQLException("conversion failed when converting '" + t.text()
                            + "' to bit", "22018");
                };
            }
        }
        if (expression.size() == 1 && expression.get(0).kind() == Token.Kind.VARIABLE
                && variables.typeOf(expression.get(0)).equals(type)) {
            return variables.value(expression.get(0));
        }
        SqlRewriter.BoundSql e = SqlRewriter.rewrite(script, expression, variables::typeOf);
        return single(new SqlRewriter.BoundSql("VALUES CAST((" + e.sql() + ") AS " + type.declaration() + ")",
                e.variables()));
    }

    /** The value of {@code expression} as Derby types it (PRINT). */
    Object evaluate(List<Token> expression) throws SQLException {
        if (expression.size() == 1 && expression.get(0).kind() == Token.Kind.VARIABLE) {
            return variables.value(expression.get(0));
        }
        SqlRewriter.BoundSql e = SqlRewriter.rewrite(script, expression, variables::typeOf);
        return single(new SqlRewriter.BoundSql("VALUES (" + e.sql() + ")", e.variables()));
    }

    /**
     * {@code SELECT @a = x, @b = y FROM ...}: runs {@code SELECT CAST(x AS type), ... FROM ...} and
     * assigns the last row, as SQL Server does; with no row the variables keep their values.
     */
    void assign(List<Token> targets, List<List<Token>> expressions, List<Token> from) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Token> markers = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            SqlRewriter.BoundSql e = SqlRewriter.rewrite(script, expressions.get(i), variables::typeOf);
            sql.append(i == 0 ? "" : ", ").append("CAST((").append(e.sql()).append(") AS ")
                    .append(variables.typeOf(targets.get(i)).declaration()).append(')');
            markers.addAll(e.variables());
        }
        if (!from.isEmpty()) {
            SqlRewriter.BoundSql f = SqlRewriter.rewrite(script, from, variables::typeOf);
            sql.append(' ').append(f.sql());
            markers.addAll(f.variables());
        }
        try (PreparedStatement ps = BoundValues.prepare(connection, new SqlRewriter.BoundSql(sql.toString(), markers),
                variables); ResultSet rs = ps.executeQuery()) {
            Object[] last = null;
            while (rs.next()) {
                last = new Object[targets.size()];
                for (int i = 0; i < last.length; i++) {
                    last[i] = BoundValues.read(rs, i + 1);
                }
            }
            for (int i = 0; last != null && i < last.length; i++) {
                variables.set(targets.get(i), last[i]);
            }
        }
    }

    private Object single(SqlRewriter.BoundSql sql) throws SQLException {
        try (PreparedStatement ps = BoundValues.prepare(connection, sql, variables); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return BoundValues.read(rs, 1);
        }
    }
}
