package io.satellite.engine.sql;

import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.ProcedureParameter;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments of {@code EXEC procedure 1, @b = 'x', @c = @v OUTPUT}: positional ones first,
 * then named ones, as SQL Server requires; each value a literal or a variable.
 */
final class ProcedureArguments {
    record Argument(ProcedureParameter parameter, List<Token> value, boolean output) {
    }

    private ProcedureArguments() {
    }

    static List<Argument> parse(StoredProcedures.Definition p, BatchStatement.Exec exec) {
        List<Argument> out = new ArrayList<>();
        List<Token> tokens = exec.arguments();
        boolean named = false;
        int position = 0;
        int i = 0;
        while (i < tokens.size()) {
            Token first = tokens.get(i);
            ProcedureParameter parameter;
            if (first.kind() == Token.Kind.VARIABLE && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("=")) {
                named = true;
                parameter = p.parameters().stream().filter(q -> q.name().equalsIgnoreCase(first.text()))
                        .findFirst().orElseThrow(() -> new SqlSyntaxException(first.text() + " is not a parameter"
                                + " of procedure " + p.name(), first.position()));
                i += 2;
            } else if (named) {
                throw new SqlSyntaxException("after a named argument, every argument must be named (@name = value)",
                        first.position());
            } else if (position >= p.parameters().size()) {
                throw new SqlSyntaxException("procedure " + p.name() + " has too many arguments specified",
                        first.position());
            } else {
                parameter = p.parameters().get(position);
            }
            position++;
            List<Token> value = new ArrayList<>();
            while (i < tokens.size() && !tokens.get(i).isSymbol(",")) {
                value.add(tokens.get(i++));
            }
            i++;
            boolean output = !value.isEmpty() && (value.get(value.size() - 1).isKeyword("OUTPUT")
                    || value.get(value.size() - 1).isKeyword("OUT"));
            if (output) {
                value.remove(value.size() - 1);
                if (value.size() != 1 || value.get(0).kind() != Token.Kind.VARIABLE) {
                    throw new SqlSyntaxException("an OUTPUT argument must be a variable", first.position());
                }
            }
            if (value.isEmpty() || (value.size() > 1 && !(value.size() == 2 && value.get(0).isSymbol("-")))) {
                throw new SqlSyntaxException("an argument of EXEC is a literal or a variable, not an expression",
                        first.position());
            }
            out.add(new Argument(parameter, value, output));
        }
        return out;
    }

    /** The body's variables: every parameter, with its argument's value or its default. */
    static BatchVariables bind(StoredProcedures.Definition p, List<Argument> args, Expressions values,
                               BatchStatement.Exec exec) throws SQLException {
        Map<String, Argument> byName = new HashMap<>();
        for (Argument a : args) {
            if (byName.put(a.parameter().name().toUpperCase(Locale.ROOT), a) != null) {
                throw new SqlSyntaxException(a.parameter().name() + " is given twice", a.value().get(0).position());
            }
        }
        BatchVariables own = new BatchVariables();
        for (ProcedureParameter q : p.parameters()) {
            Argument a = byName.get(q.name().toUpperCase(Locale.ROOT));
            Object value;
            if (a != null && !(a.value().size() == 1 && a.value().get(0).isKeyword("DEFAULT"))) {
                value = values.evaluate(a.value(), q.type());
            } else if (q.hasDefault()) {
                value = q.defaultValue();
            } else if (q.output()) {
                value = null;
            } else {
                throw StoredProcedures.notSupplied(p, q, exec);
            }
            own.declare(StoredProcedures.variable(q.name()), q.type(), value);
        }
        return own;
    }
}
