package io.satellite.engine.tsql;

import io.satellite.engine.script.ScriptParameters;
import io.satellite.engine.script.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A parameter of a stored procedure: {@code @name type [= default] [OUTPUT]}. */
public record ProcedureParameter(String name, SqlType type, boolean hasDefault, Object defaultValue,
                                 boolean output) {

    /** Parses a parameter list ({@code @a int, @b varchar(10) = 'x'}), optionally in parentheses. */
    public static List<ProcedureParameter> parseList(String text) {
        TokenCursor c = new TokenCursor(SqlLexer.tokenize(text));
        List<ProcedureParameter> out = parseList(c);
        if (!c.atEnd()) {
            throw new SqlSyntaxException("unexpected '" + c.peek().text() + "' in the parameter list",
                    c.peek().position());
        }
        return out;
    }

    /** Parses parameters at the cursor, up to a word that is not part of them (AS, WITH). */
    static List<ProcedureParameter> parseList(TokenCursor c) {
        List<ProcedureParameter> out = new ArrayList<>();
        boolean parenthesized = c.acceptSymbol("(");
        Set<String> seen = new HashSet<>();
        while (!c.atEnd() && c.peek().kind() == Token.Kind.VARIABLE) {
            Token name = c.next();
            if (!seen.add(name.upper())) {
                throw new SqlSyntaxException("parameter " + name.text() + " is declared twice", name.position());
            }
            c.acceptWord("AS");
            SqlType type = SqlType.parse(c);
            boolean hasDefault = c.acceptSymbol("=");
            Object value = hasDefault ? ScriptParameters.literal(c, type, name.text()) : null;
            boolean output = c.acceptWord("OUTPUT") || c.acceptWord("OUT");
            if (c.acceptWord("READONLY")) {
                throw new SqlSyntaxException("table-valued parameters (READONLY) are not supported", name.position());
            }
            out.add(new ProcedureParameter(name.text(), type, hasDefault, value, output));
            if (!c.acceptSymbol(",")) {
                break;
            }
        }
        if (parenthesized) {
            c.expectSymbol(")");
        }
        return out;
    }
}
