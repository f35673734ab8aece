package io.satellite.engine.script;

import io.satellite.engine.exchange.WireType;
import io.satellite.engine.tsql.SqlLexer;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import io.satellite.engine.tsql.TokenCursor;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the {@code params} argument: a comma-separated list of
 * {@code @name type [= literal] [OUTPUT]}, e.g. {@code @n INT = 5, @model VARBINARY(MAX) OUTPUT}.
 * Literals are numbers, quoted strings ({@code N'...'} too), {@code 0x...} hex, TRUE, FALSE
 * or NULL, or for text and binary parameters {@code SESSION_VALUE(id)} (see {@link SessionValues});
 * a value is never evaluated as SQL.
 */
public final class ScriptParameters {
    private ScriptParameters() {
    }

    public static List<ScriptParameter> parse(String text) {
        List<ScriptParameter> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        TokenCursor c = new TokenCursor(SqlLexer.tokenize(text));
        Set<String> seen = new HashSet<>();
        do {
            Token name = c.next();
            if (name.kind() != Token.Kind.VARIABLE || name.text().length() < 2) {
                throw new SqlSyntaxException("expected a parameter name like @n but found '" + name.text() + "'",
                        name.position());
            }
            if (!seen.add(name.upper())) {
                throw new SqlSyntaxException("parameter " + name.text() + " is declared twice", name.position());
            }
            SqlType type = SqlType.parse(c);
            Object value = null;
            if (c.acceptSymbol("=")) {
                value = literal(c, type, name.text());
            }
            boolean output = c.acceptWord("OUTPUT") || c.acceptWord("OUT");
            out.add(new ScriptParameter(name.text(), type, output, value));
        } while (c.acceptSymbol(","));
        if (!c.atEnd()) {
            throw new SqlSyntaxException("unexpected '" + c.peek().text() + "' in @params", c.peek().position());
        }
        return out;
    }

    public static Object literal(TokenCursor c, SqlType type, String param) {
        boolean negative = c.acceptSymbol("-");
        Token t = c.next();
        if (t.isWord("NULL")) {
            return null;
        }
        if (t.isWord("SESSION_VALUE") && !negative && (type.wire() == WireType.BINARY
                || type.wire() == WireType.STRING)) {
            c.expectSymbol("(");
            Token id = c.next();
            c.expectSymbol(")");
            if (id.kind() != Token.Kind.NUMBER || !id.text().matches("\\d{1,9}")) {
                throw new SqlSyntaxException("SESSION_VALUE takes a number", id.position());
            }
            return new SessionValues.Reference(Integer.parseInt(id.text()));
        }
        String text = negative ? "-" + t.text() : t.text();
        try {
            return convert(t, text, type.wire());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new SqlSyntaxException("value " + t.text() + " of " + param + " is not a valid "
                    + type.declaration(), t.position());
        }
    }

    private static Object convert(Token t, String text, WireType wire) {
        if (t.kind() == Token.Kind.HEX) {
            if (wire != WireType.BINARY) {
                throw new NumberFormatException();
            }
            return HexFormat.of().parseHex(text.length() % 2 == 1 ? "0" + text : text);
        }
        if (t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.NUMBER && t.kind() != Token.Kind.WORD) {
            throw new NumberFormatException();
        }
        return switch (wire) {
            case INT -> Integer.parseInt(text.trim());
            case DOUBLE -> Double.parseDouble(text.trim());
            case STRING -> text;
            case LOGICAL -> switch (text.trim().toUpperCase(Locale.ROOT)) {
                case "1", "TRUE" -> Boolean.TRUE;
                case "0", "FALSE" -> Boolean.FALSE;
                default -> throw new NumberFormatException();
            };
            case DATE -> LocalDate.parse(text.trim());
            case TIMESTAMP -> LocalDateTime.parse(text.trim().replace(' ', 'T'));
            case BINARY -> throw new NumberFormatException();
        };
    }
}
