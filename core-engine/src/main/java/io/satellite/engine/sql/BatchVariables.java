package io.satellite.engine.sql;

import io.satellite.engine.script.SqlType;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The variables of one batch (SQL Server scopes {@code DECLARE} to the batch: a {@code GO}
 * ends them). Names are case-insensitive; each has its declared type and current value.
 */
final class BatchVariables {
    record Variable(String name, SqlType type, Object value) {
    }

    private final Map<String, Variable> variables = new LinkedHashMap<>();

    void declare(Token name, SqlType type, Object value) {
        String key = name.text().toUpperCase(Locale.ROOT);
        if (variables.containsKey(key)) {
            throw new SqlSyntaxException("the variable name " + name.text() + " has already been declared in this"
                    + " batch", name.position());
        }
        variables.put(key, new Variable(name.text(), type, value));
    }

    Variable get(Token name) {
        Variable v = variables.get(name.text().toUpperCase(Locale.ROOT));
        if (v == null) {
            throw new SqlSyntaxException("must declare the scalar variable " + name.text(), name.position());
        }
        return v;
    }

    SqlType typeOf(Token name) {
        return get(name).type();
    }

    Object value(Token name) {
        return get(name).value();
    }

    void set(Token name, Object value) {
        Variable v = get(name);
        variables.put(name.text().toUpperCase(Locale.ROOT), new Variable(v.name(), v.type(), value));
    }
}
