package io.satellite.app.console.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One result set as plain data: column names, which columns hold numbers (shown right-aligned),
 * and rows of display strings, where {@code null} is SQL NULL. {@code truncated} says the
 * result had more rows than were kept.
 */
public record ResultTable(List<String> columns, List<Boolean> numeric, List<List<String>> rows, boolean truncated) {
    public ResultTable {
        columns = List.copyOf(columns);
        numeric = List.copyOf(numeric);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }
}
