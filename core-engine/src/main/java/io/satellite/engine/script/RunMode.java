package io.satellite.engine.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a request's input is spread over workers, as SQL Server's {@code @parallel = 1} and
 * {@code @input_data_1_partition_by_columns} / {@code @input_data_1_order_by_columns}:
 * one worker for everything; the input cut into blocks, one worker each (parallel); or one
 * worker per group of equal partition key values. The outputs are concatenated in order.
 */
public record RunMode(boolean parallel, List<String> partitionBy, List<String> orderBy) {
    public static final RunMode SINGLE = new RunMode(false, List.of(), List.of());
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    /** Parses the T-SQL arguments; column lists are comma separated names. */
    public static RunMode of(Integer parallel, String partitionBy, String orderBy) {
        if (parallel != null && parallel != 0 && parallel != 1) {
            throw new IllegalArgumentException("@parallel must be 0 or 1, not " + parallel);
        }
        List<String> partitions = columns(partitionBy, "@input_data_1_partition_by_columns");
        List<String> order = columns(orderBy, "@input_data_1_order_by_columns");
        if (!order.isEmpty() && partitions.isEmpty()) {
            throw new IllegalArgumentException("@input_data_1_order_by_columns orders rows within partitions;"
                    + " give @input_data_1_partition_by_columns too");
        }
        return new RunMode(parallel != null && parallel == 1, partitions, order);
    }

    public boolean single() {
        return !parallel && partitionBy.isEmpty();
    }

    public boolean partitioned() {
        return !partitionBy.isEmpty();
    }

    /**
     * Column names as Derby stores them: a plain name upper-cased, a {@code "quoted"} or
     * {@code [bracketed]} one as written. Anything else is refused, so a name cannot carry SQL.
     */
    private static List<String> columns(String list, String what) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return out;
        }
        for (String raw : list.split(",")) {
            String name = raw.strip();
            if (PLAIN.matcher(name).matches()) {
                out.add(name.toUpperCase(Locale.ROOT));
            } else if (name.length() > 2 && (name.startsWith("\"") && name.endsWith("\"")
                    || name.startsWith("[") && name.endsWith("]"))
                    && !name.substring(1, name.length() - 1).contains("\"")
                    && !name.substring(1, name.length() - 1).contains("]")) {
                out.add(name.substring(1, name.length() - 1));
            } else {
                throw new IllegalArgumentException(what + ": '" + name + "' is not a column name");
            }
        }
        return out;
    }

    /** A delimited identifier for the ORDER BY the engine adds to the input query. */
    static String quoted(String column) {
        return '"' + column + '"';
    }
}
