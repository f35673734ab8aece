package io.satellite.engine.tsql;

import io.satellite.engine.script.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a T-SQL statement or expression into Derby SQL, token by token, keeping the
 * user's layout and comments: {@code @variables} become typed {@code ?} markers (values are
 * always bound, never spliced), {@code N'...'} becomes {@code '...'}, {@code [name]} becomes a
 * Derby identifier, {@code dbo.} is the caller's schema, T-SQL type names in CAST, CONVERT and
 * table definitions become Derby's, {@code 'a' + @b} concatenates, {@code SELECT TOP n} becomes
 * {@code FETCH FIRST n ROWS ONLY}, and GETDATE, ISNULL, LEN and DATALENGTH map to Derby's.
 */
public final class SqlRewriter {
    /** The declared type of a variable; throws if the variable is not declared. */
    @FunctionalInterface
    public interface VariableTypes {
        SqlType typeOf(Token variable);
    }

    /** Derby SQL and what to bind to its markers, in order: variables, and 0x... literals as bytes. */
    public record BoundSql(String sql, List<Token> variables) {
    }

    private static final Map<String, String> FUNCTIONS = Map.of("ISNULL", "COALESCE", "LEN", "LENGTH",
            "DATALENGTH", "LENGTH", "SUBSTRING", "SUBSTR", "UPPER", "UPPER", "LOWER", "LOWER");
    private static final Set<String> NOW = Set.of("GETDATE", "SYSDATETIME", "CURRENT_TIMESTAMP");
    /** Functions whose value is a number: CAST(f(x) AS VARCHAR) goes through CHAR() in Derby. */
    private static final Set<String> NUMERIC_FUNCTIONS = Set.of("LEN", "DATALENGTH", "LENGTH", "COUNT", "SUM",
            "AVG", "ABS", "ROUND", "FLOOR", "CEILING", "SQRT", "EXP", "LOG", "POWER", "MOD");
    /** Words Derby reserves (as functions) that T-SQL lets tables use as column names. */
    private static final Set<String> DERBY_ONLY_RESERVED = Set.of("YEAR", "HOUR", "MINUTE", "SECOND");
    private static final Set<String> CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK");

    private final String script;
    private final List<Token> tokens;
    private final VariableTypes types;
    private final List<Token> variables = new ArrayList<>();

    private SqlRewriter(String script, List<Token> tokens, VariableTypes types) {
        this.script = script;
        this.tokens = tokens;
        this.types = types;
    }

    /** Rewrites {@code tokens} (a statement or an expression of {@code script}). */
    public static BoundSql rewrite(String script, List<Token> tokens, VariableTypes types) {
        SqlRewriter r = new SqlRewriter(script, tokens, types);
        StringBuilder out = new StringBuilder();
        int from = 0;
        String fetch = null;
        if (tokens.size() > 2 && tokens.get(0).isKeyword("SELECT") && tokens.get(1).isKeyword("TOP")) {
            out.append("SELECT");
            int n = tokens.get(2).isSymbol("(") ? r.close(2) + 1 : 3;
            StringBuilder count = new StringBuilder();
            r.copy(tokens.get(2).isSymbol("(") ? 3 : 2, tokens.get(2).isSymbol("(") ? n - 1 : n, count);
            fetch = " FETCH FIRST " + count.toString().strip() + " ROWS ONLY";
            from = n;
            if (from < tokens.size() && tokens.get(from).isKeyword("PERCENT")) {
                throw new SqlSyntaxException("SELECT TOP ... PERCENT is not supported", tokens.get(from).position());
            }
            out.append(' ');
        }
        boolean table = tokens.size() > 2 && (tokens.get(0).isKeyword("CREATE") || tokens.get(0).isKeyword("ALTER"))
                && tokens.get(1).isKeyword("TABLE");
        if (table) {
            r.tableDefinition(from, out);
        } else {
            r.copy(from, tokens.size(), out);
        }
        if (fetch != null) {
            out.append(fetch);
        }
        return new BoundSql(out.toString(), List.copyOf(r.variables));
    }

    /** Appends tokens [from, to) rewritten, with the text between them as written. */
    private void copy(int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(script, tokens.get(i - 1).end(), tokens.get(i).position());
            }
            i = token(i, to, out);
        }
    }

    /** Appends token i (or a construct starting at it); returns the index of the last token used. */
    private int token(int i, int to, StringBuilder out) {
        Token t = tokens.get(i);
        Token next = i + 1 < to ? tokens.get(i + 1) : null;
        switch (t.kind()) {
            case VARIABLE -> {
                if (t.text().startsWith("@@")) {
                    throw new SqlSyntaxException("system functions such as " + t.text() + " are not supported",
                            t.position());
                }
                out.append("CAST(? AS ").append(types.typeOf(t).declaration()).append(')');
                variables.add(t);
            }
            case STRING -> out.append('\'').append(t.text().replace("'", "''")).append('\'');
            case HEX -> {
                out.append('?'); // bound as bytes: Derby's X'..' literal cannot go into a BLOB
                variables.add(t);
            }
            case SYMBOL -> out.append(t.isSymbol("+") && concatenates(i) ? "||" : t.text());
            case WORD -> {
                if (t.isWord("dbo") && next != null && next.isSymbol(".")
                        && (i == 0 || !tokens.get(i - 1).isSymbol("."))) {
                    return i + 1; // dbo.name is the caller's own schema
                } else if (t.quoted()) {
                    out.append(script.charAt(t.position()) == '"' ? script.substring(t.position(), t.end())
                            : identifier(t.text()));
                } else if (next != null && next.isSymbol("(") && (t.isKeyword("CAST") || t.isKeyword("CONVERT"))) {
                    return cast(i, out);
                } else if (next != null && next.isSymbol("(") && NOW.contains(t.upper())) {
                    out.append("CURRENT_TIMESTAMP");
                    int close = close(i + 1);
                    if (close != i + 2) {
                        throw new SqlSyntaxException(t.text() + "() takes no arguments", t.position());
                    }
                    return close;
                } else if (DERBY_ONLY_RESERVED.contains(t.upper()) && (next == null || !next.isSymbol("("))) {
                    out.append('"').append(t.upper()).append('"'); // a column named Year, as T-SQL allows
                } else if (next != null && next.isSymbol("(") && FUNCTIONS.containsKey(t.upper())) {
                    out.append(FUNCTIONS.get(t.upper()));
                } else {
                    out.append(script, t.position(), t.end());
                }
            }
            default -> out.append(script, t.position(), t.end());
        }
        return i;
    }

    /** CAST(expr AS type) and CONVERT(type, expr [, style]) as Derby's CAST with a Derby type. */
    private int cast(int i, StringBuilder out) {
        int open = i + 1;
        int close = close(open);
        boolean convert = tokens.get(i).isKeyword("CONVERT");
        int split = -1;
        int depth = 0;
        for (int k = open + 1; k < close && split < 0; k++) {
            Token t = tokens.get(k);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0 && (convert ? t.isSymbol(",") : t.isKeyword("AS"))) {
                split = k;
            }
        }
        if (split < 0) {
            throw new SqlSyntaxException(convert ? "expected CONVERT(type, value)" : "expected CAST(value AS type)",
                    tokens.get(i).position());
        }
        int exprFrom = convert ? split + 1 : open + 1;
        int exprTo = convert ? close : split;
        if (convert) {
            for (int k = exprFrom, d = 0; k < close; k++) {
                d += tokens.get(k).isSymbol("(") ? 1 : tokens.get(k).isSymbol(")") ? -1 : 0;
                if (d == 0 && tokens.get(k).isSymbol(",")) {
                    exprTo = k; // the style argument has no Derby counterpart
                    break;
                }
            }
        }
        SqlType type = type(convert ? open + 1 : split + 1, convert ? split : close);
        out.append("CAST(");
        boolean text = type.jdbcType() == java.sql.Types.VARCHAR || type.jdbcType() == java.sql.Types.CHAR;
        Token inner = tokens.get(exprFrom);
        boolean viaChar = text && ((exprTo == exprFrom + 1 && !isText(inner)
                && (inner.kind() == Token.Kind.VARIABLE || inner.kind() == Token.Kind.NUMBER))
                || (inner.kind() == Token.Kind.WORD && NUMERIC_FUNCTIONS.contains(inner.upper())
                && exprFrom + 1 < exprTo && tokens.get(exprFrom + 1).isSymbol("(") && close(exprFrom + 1) == exprTo - 1));
        if (viaChar) {
            out.append("RTRIM(CHAR("); // Derby casts numbers to text only through CHAR()
        }
        copy(exprFrom, exprTo, out);
        out.append(viaChar ? "))" : "").append(" AS ").append(type.declaration()).append(')');
        return close;
    }

    /** The type in tokens [from, to). */
    private SqlType type(int from, int to) {
        TokenCursor c = new TokenCursor(tokens.subList(from, to));
        SqlType type = SqlType.parse(c);
        BatchParser.expectEnd(c);
        return type;
    }

    /** CREATE/ALTER TABLE: column types as Derby's, IDENTITY as a generated column. */
    private void tableDefinition(int from, StringBuilder out) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            if (i > from) {
                out.append(script, tokens.get(i - 1).end(), tokens.get(i).position());
            }
            Token t = tokens.get(i);
            Token prev = i > 0 ? tokens.get(i - 1) : null;
            boolean columnStart = prev != null && t.kind() == Token.Kind.WORD && !CONSTRAINTS.contains(t.upper())
                    && ((depth == 1 && (prev.isSymbol("(") || prev.isSymbol(","))) || prev.isKeyword("ADD")
                    || (prev.isKeyword("COLUMN") && i > 1 && tokens.get(i - 2).isKeyword("ADD")));
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            }
            if (t.isKeyword("IDENTITY")) {
                i = identity(i, out);
                continue;
            }
            if (t.isKeyword("DEFAULT") && i + 3 < tokens.size() && tokens.get(i + 1).isSymbol("(")
                    && tokens.get(i + 3).isSymbol(")")) {
                out.append("DEFAULT ");
                token(i + 2, tokens.size(), out); // DEFAULT ('x') is DEFAULT 'x' in Derby
                i += 3;
                continue;
            }
            i = token(i, tokens.size(), out);
            if (columnStart && i + 1 < tokens.size() && tokens.get(i + 1).kind() == Token.Kind.WORD) {
                i = columnType(i + 1, out);
            }
        }
    }

    /** Appends the column type that starts at {@code i}; returns the index of its last token. */
    private int columnType(int i, StringBuilder out) {
        out.append(script, tokens.get(i - 1).end(), tokens.get(i).position());
        TokenCursor c = new TokenCursor(tokens.subList(i, tokens.size()));
        try {
            SqlType type = SqlType.parse(c);
            out.append(type.declaration());
            return i + c.position() - 1;
        } catch (SqlSyntaxException e) {
            out.append(script, tokens.get(i).position(), tokens.get(i).end()); // a Derby type Satellite leaves alone
            return i;
        }
    }

    /** IDENTITY [(seed, increment)] as GENERATED ALWAYS AS IDENTITY (START WITH seed, INCREMENT BY increment). */
    private int identity(int i, StringBuilder out) {
        String seed = "1";
        String step = "1";
        int last = i;
        if (i + 5 < tokens.size() && tokens.get(i + 1).isSymbol("(") && tokens.get(i + 3).isSymbol(",")
                && tokens.get(i + 5).isSymbol(")")) {
            seed = tokens.get(i + 2).text();
            step = tokens.get(i + 4).text();
            last = i + 5;
        }
        out.append("GENERATED ALWAYS AS IDENTITY (START WITH ").append(seed).append(", INCREMENT BY ").append(step)
                .append(')');
        return last;
    }

    /** True if the + at i joins strings: a string literal or a text variable is on either side. */
    private boolean concatenates(int i) {
        return (i > 0 && isText(tokens.get(i - 1))) || (i + 1 < tokens.size() && isText(tokens.get(i + 1)));
    }

    private boolean isText(Token t) {
        if (t.kind() == Token.Kind.STRING) {
            return true;
        }
        if (t.kind() == Token.Kind.VARIABLE && !t.text().startsWith("@@")) {
            int jdbc = types.typeOf(t).jdbcType();
            return jdbc == java.sql.Types.VARCHAR || jdbc == java.sql.Types.CHAR;
        }
        return false;
    }

    /** Index of the parenthesis that closes the one at {@code open}. */
    private int close(int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                return k;
            }
        }
        throw new SqlSyntaxException("missing ')'", tokens.get(open).position());
    }

    /**
     * [name] as Derby spells it: a regular name unquoted (folded to upper case, as T-SQL ignores
     * its case; the spelling reaches R), a reserved word quoted in upper case, others as written.
     */
    static String identifier(String name) {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return DerbyReservedWords.contains(name) ? "\"" + name.toUpperCase(java.util.Locale.ROOT) + "\"" : name;
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
