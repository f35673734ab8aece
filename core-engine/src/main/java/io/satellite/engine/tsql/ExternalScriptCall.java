package io.satellite.engine.tsql;

import io.satellite.engine.script.ScriptParameter;
import io.satellite.engine.script.ScriptParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates {@code EXEC sp_execute_external_script @language = N'R', @script = N'...',
 * @input_data_1 = N'SELECT ...', @params = N'@n INT, @m VARBINARY(MAX) OUTPUT', @n = 5,
 * @m = @model OUTPUT WITH RESULT SETS ((...))} into a call of
 * {@code SQLML.SP_EXECUTE_EXTERNAL_SCRIPT} with seven bound arguments.
 */
public final class ExternalScriptCall {
    static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, ?, ?, ?, ?)";
    /** With {@code @parallel}, partition and order columns (SQL Server 2019's arguments). */
    static final String CALL_EX = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final List<String> POSITIONAL = List.of("@LANGUAGE", "@SCRIPT", "@INPUT_DATA_1",
            "@INPUT_DATA_1_NAME", "@OUTPUT_DATA_1_NAME", "@PARAMS");

    private record Argument(Token value, boolean output) {
    }

    /** The values of a batch's variables, for arguments given as {@code @name = @variable}. */
    public interface Variables {
        /** The variable's value (String for the text arguments). */
        Object value(Token variable);

        /** The variable's value as a literal of the {@code params} argument for a parameter of {@code type}. */
        String literal(Token variable, io.satellite.engine.script.SqlType type);
    }

    /** The call, and which batch variable receives each OUTPUT parameter (by parameter name, upper case). */
    public record Call(Translation translation, Map<String, Token> outputs) {
    }

    private ExternalScriptCall() {
    }

    static Translation translate(String statement, TokenCursor c) {
        return translate(statement, c, null).translation();
    }

    /**
     * Translates the arguments at the cursor (tokens of {@code script}); with {@code variables},
     * arguments may be batch variables, and OUTPUT variables are reported in the result.
     */
    public static Call translate(String script, TokenCursor c, Variables variables) {
        Map<String, Argument> named = new LinkedHashMap<>();
        int position = 0;
        boolean sawNamed = false;
        String resultSets = null;
        while (!c.atEnd()) {
            Token t = c.peek();
            if (t.isWord("WITH")) {
                Token last = t;
                while (!c.atEnd()) {
                    last = c.next();
                }
                resultSets = last.end() < 0 ? script.substring(t.position()) : script.substring(t.position(), last.end());
                break;
            }
            String name;
            Token after = c.peek(1);
            if (t.kind() == Token.Kind.VARIABLE && after != null && after.isSymbol("=")) {
                name = c.next().upper();
                c.expectSymbol("=");
                sawNamed = true;
            } else {
                if (sawNamed || position >= POSITIONAL.size()) {
                    throw new SqlSyntaxException("after a named argument, every argument must be named"
                            + " (@name = value); found '" + t.text() + "'", t.position());
                }
                name = POSITIONAL.get(position);
            }
            position++;
            boolean negative = c.acceptSymbol("-");
            Token value = c.next();
            if (negative) {
                value = new Token(value.kind(), "-" + value.text(), value.position());
            }
            boolean output = c.acceptWord("OUTPUT") || c.acceptWord("OUT");
            if (named.put(name, new Argument(value, output)) != null) {
                throw new SqlSyntaxException(name.toLowerCase(Locale.ROOT) + " is given twice", t.position());
            }
            if (!c.atEnd() && !c.peek().isWord("WITH")) {
                c.expectSymbol(",");
            }
        }
        String language = text(named.remove("@LANGUAGE"), variables);
        String code = text(named.remove("@SCRIPT"), variables);
        String input = text(named.remove("@INPUT_DATA_1"), variables);
        String inputName = text(named.remove("@INPUT_DATA_1_NAME"), variables);
        String outputName = text(named.remove("@OUTPUT_DATA_1_NAME"), variables);
        String declarations = text(named.remove("@PARAMS"), variables);
        String parallel = text(named.remove("@PARALLEL"), variables);
        String partitionBy = text(named.remove("@INPUT_DATA_1_PARTITION_BY_COLUMNS"), variables);
        String orderBy = text(named.remove("@INPUT_DATA_1_ORDER_BY_COLUMNS"), variables);
        rejectUnsupported(named);
        Map<String, Token> outputs = new LinkedHashMap<>();
        String params = mergeParams(declarations, named, variables, outputs);
        List<Object> args = Arrays.asList(language, code, input, inputName, outputName, params, resultSets);
        boolean spread = (parallel != null && !parallel.equals("0")) || partitionBy != null || orderBy != null;
        if (!spread) {
            return new Call(new Translation(CALL, args, true), outputs);
        }
        List<Object> more = new java.util.ArrayList<>(args);
        more.add(parallelFlag(parallel));
        more.add(partitionBy);
        more.add(orderBy);
        return new Call(new Translation(CALL_EX, more, true), outputs);
    }

    private static Integer parallelFlag(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new SqlSyntaxException("@parallel must be 0 or 1, not '" + value + "'");
        }
    }

    private static void rejectUnsupported(Map<String, Argument> named) {
        Argument a = named.remove("@R_ROWSPERREAD");
        if (a != null && !a.value().isWord("NULL")) {
            throw new SqlSyntaxException("@r_rowsPerRead is not supported: @parallel = 1 runs the script once per"
                    + " block of the engine's rows per read (10,000 by default), on as many workers as the pool"
                    + " allows", a.value().position());
        }
    }

    private static String text(Argument a, Variables variables) {
        if (a == null || a.value().isWord("NULL")) {
            return null;
        }
        Token v = a.value();
        if (v.kind() == Token.Kind.VARIABLE && variables != null) {
            Object value = variables.value(v);
            return value == null ? null : value.toString();
        }
        if (v.kind() == Token.Kind.VARIABLE) {
            throw new SqlSyntaxException("T-SQL variables such as " + v.text()
                    + " are not supported here; write the value itself", v.position());
        }
        return v.text();
    }

    /** Combines the @params declarations with the supplied values into one declaration list. */
    private static String mergeParams(String declarations, Map<String, Argument> values, Variables variables,
                                      Map<String, Token> outputs) {
        List<ScriptParameter> declared = ScriptParameters.parse(declarations);
        List<String> parts = new ArrayList<>();
        for (ScriptParameter p : declared) {
            Argument a = values.remove(p.name().toUpperCase(Locale.ROOT));
            if (a == null && !p.output()) {
                throw new SqlSyntaxException("sp_execute_external_script expects parameter " + p.name()
                        + ", which was not supplied");
            }
            boolean output = p.output() && (a == null || a.output());
            StringBuilder s = new StringBuilder(p.name()).append(' ').append(p.type().declaration());
            if (a != null && a.value().kind() != Token.Kind.VARIABLE) {
                s.append(" = ").append(literal(a.value()));
            } else if (a != null && variables != null) {
                s.append(" = ").append(variables.literal(a.value(), p.type()));
                if (output) {
                    outputs.put(p.name().toUpperCase(Locale.ROOT), a.value());
                }
            }
            if (output) {
                s.append(" OUTPUT");
            }
            parts.add(s.toString());
        }
        if (!values.isEmpty()) {
            String name = values.keySet().iterator().next().toLowerCase(Locale.ROOT);
            throw new SqlSyntaxException(name + " is not a parameter of sp_execute_external_script and is not"
                    + " declared in @params");
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String literal(Token v) {
        return switch (v.kind()) {
            case STRING -> "'" + v.text().replace("'", "''") + "'";
            case HEX -> "0x" + HexFormat.of().formatHex(HexFormat.of().parseHex(
                    v.text().length() % 2 == 1 ? "0" + v.text() : v.text()));
            case NUMBER -> v.text();
            case WORD -> {
                if (v.isWord("NULL") || v.isWord("TRUE") || v.isWord("FALSE")) {
                    yield v.upper();
                }
                throw new SqlSyntaxException("'" + v.text() + "' is not a value", v.position());
            }
            default -> throw new SqlSyntaxException("'" + v.text() + "' is not a value", v.position());
        };
    }
}
