package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.Column;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts an input's rows into the parts of a parallel or partitioned request: blocks of a
 * fixed number of rows, or runs of rows with equal partition key values (the input arrives
 * ordered by the key). Each finished part goes to the sink at once, so at most one part is
 * held here at a time.
 */
final class InputParts {
    /** One part: its place in the output order, a label for errors, and its rows. */
    record Part(int index, String label, List<Chunk> chunks) {
        long rows() {
            return chunks.stream().mapToLong(Chunk::rows).sum();
        }
    }

    @FunctionalInterface
    interface Sink {
        void accept(Part part) throws SQLException;
    }

    private final List<Column> columns;
    private final int[] keys;
    private final int blockRows;
    private final Sink sink;
    private List<Chunk> current = new ArrayList<>();
    private int currentRows;
    private Object[] currentKey;
    private long firstRow = 1;
    private int emitted;

    /** Parts of equal values of the key columns. */
    static InputParts byKey(List<Column> columns, List<String> keyNames, Sink sink) {
        int[] keys = new int[keyNames.size()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = indexOf(columns, keyNames.get(k));
        }
        return new InputParts(columns, keys, Integer.MAX_VALUE, sink);
    }

    /** Parts of {@code blockRows} rows each (the last may be shorter). */
    static InputParts byBlock(List<Column> columns, int blockRows, Sink sink) {
        return new InputParts(columns, new int[0], blockRows, sink);
    }

    private InputParts(List<Column> columns, int[] keys, int blockRows, Sink sink) {
        this.columns = columns;
        this.keys = keys;
        this.blockRows = blockRows;
        this.sink = sink;
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("partition column '" + name + "' is not a column of @input_data_1 ("
                + String.join(", ", columns.stream().map(Column::name).toList()) + ")");
    }

    void add(Chunk chunk) throws SQLException {
        int from = 0;
        for (int row = 0; row < chunk.rows(); row++) {
            if (keys.length > 0) {
                Object[] key = keyOf(chunk, row);
                if (currentKey != null && !Arrays.deepEquals(key, currentKey)) {
                    take(chunk, from, row);
                    from = row;
                    emit();
                }
                currentKey = key;
            } else if (currentRows + (row - from) == blockRows) {
                take(chunk, from, row);
                from = row;
                emit();
            }
        }
        take(chunk, from, chunk.rows());
    }

    /** Sends the last part; an input without rows is one empty part (the script still runs once). */
    void finish() throws SQLException {
        if (currentRows > 0 || emitted == 0) {
            emit();
        }
    }

    private Object[] keyOf(Chunk chunk, int row) {
        Object[] key = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
            key[k] = chunk.value(keys[k], row);
        }
        return key;
    }

    private void take(Chunk chunk, int from, int to) {
        if (to <= from) {
            return;
        }
        Object[][] cols = new Object[chunk.columns().length][];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = Arrays.copyOfRange(chunk.columns()[c], from, to);
        }
        current.add(new Chunk(to - from, cols));
        currentRows += to - from;
    }

    private void emit() throws SQLException {
        Part part = new Part(emitted++, label(), current);
        firstRow += currentRows;
        current = new ArrayList<>();
        currentRows = 0;
        sink.accept(part);
    }

    private String label() {
        if (keys.length == 0) {
            return currentRows == 0 ? "no rows" : "rows " + firstRow + " to " + (firstRow + currentRows - 1);
        }
        if (currentKey == null) {
            return "no rows";
        }
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            Object v = currentKey[k];
            parts.add(columns.get(keys[k]).name() + " = " + (v == null ? "NULL"
                    : v instanceof String ? "'" + v + "'" : Objects.toString(v)));
        }
        return String.join(", ", parts);
    }
}
