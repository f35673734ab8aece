package io.satellite.engine.script;

import io.satellite.engine.exchange.Column;
import io.satellite.engine.tsql.SqlLexer;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Derby folds unquoted names to upper case, but SQL Server keeps them as written, and
 * ported R scripts say {@code InputDataSet$sepal_length}. An upper-case column label that
 * the input query spells in another case (a column list or an alias) gets that spelling;
 * any other label (for example from {@code SELECT *}) stays as Derby reports it.
 */
final class InputColumnNames {
    private InputColumnNames() {
    }

    static List<Column> asWritten(String query, List<Column> columns) {
        Map<String, String> spelling = new HashMap<>();
        try {
            for (Token t : SqlLexer.tokenize(query)) {
                if (t.kind() == Token.Kind.WORD) {
                    spelling.putIfAbsent(t.upper(), t.text());
                }
            }
        } catch (SqlSyntaxException e) {
            return columns;
        }
        List<Column> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            String name = c.name();
            boolean folded = name.equals(name.toUpperCase(Locale.ROOT));
            out.add(folded ? new Column(spelling.getOrDefault(name, name), c.type()) : c);
        }
        return out;
    }
}
