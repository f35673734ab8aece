package io.satellite.engine.script;

import io.satellite.engine.tsql.SqlLexer;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import io.satellite.engine.tsql.TokenCursor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The caller's declaration of the output shape, as T-SQL's {@code WITH RESULT SETS}:
 * {@code ((id INT, name NVARCHAR(50) NOT NULL))}, {@code (id INT, ...)}, {@code NONE} or
 * {@code UNDEFINED}; the {@code WITH RESULT SETS} words themselves may be included.
 */
public record ResultSetDeclaration(Kind kind, List<ResultColumn> columns) {
    public enum Kind { UNDEFINED, NONE, DECLARED }

    public static final ResultSetDeclaration UNDEFINED = new ResultSetDeclaration(Kind.UNDEFINED, List.of());

    public static ResultSetDeclaration parse(String text) {
        if (text == null || text.isBlank()) {
            return UNDEFINED;
        }
        TokenCursor c = new TokenCursor(SqlLexer.tokenize(text));
        if (c.acceptWord("WITH")) {
            c.expectWord("RESULT");
            c.expectWord("SETS");
        }
        ResultSetDeclaration d;
        if (c.acceptWord("UNDEFINED")) {
            d = UNDEFINED;
        } else if (c.acceptWord("NONE")) {
            d = new ResultSetDeclaration(Kind.NONE, List.of());
        } else {
            c.expectSymbol("(");
            boolean doubled = c.acceptSymbol("(");
            d = new ResultSetDeclaration(Kind.DECLARED, columns(c));
            c.expectSymbol(")");
            if (doubled) {
                if (c.acceptSymbol(",")) {
                    throw new SqlSyntaxException("an external script returns one result set; declare only one");
                }
                c.expectSymbol(")");
            }
        }
        if (!c.atEnd()) {
            throw new SqlSyntaxException("unexpected '" + c.peek().text() + "' after the result set declaration",
                    c.peek().position());
        }
        return d;
    }

    private static List<ResultColumn> columns(TokenCursor c) {
        List<ResultColumn> cols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        do {
            Token name = c.next();
            if (name.kind() != Token.Kind.WORD) {
                throw new SqlSyntaxException("expected a column name but found '" + name.text() + "'", name.position());
            }
            if (!seen.add(name.text().toUpperCase(Locale.ROOT))) {
                throw new SqlSyntaxException("column " + name.text() + " is declared twice", name.position());
            }
            SqlType type = SqlType.parse(c);
            if (c.acceptWord("NOT")) {
                c.expectWord("NULL");
            } else {
                c.acceptWord("NULL");
            }
            cols.add(new ResultColumn(name.text(), type));
        } while (c.acceptSymbol(","));
        return cols;
    }
}
