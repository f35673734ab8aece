package io.satellite.engine.sql;

import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;

/** Collects everything a batch produced, in order: result sets read completely, PRINTs, messages, counts. */
public final class BatchOutput implements StatementListener {
    public record Table(List<String> names, List<List<Object>> rows) {
        public Object value(int row, int column) {
            return rows.get(row).get(column);
        }
    }

    public final List<Table> tables = new ArrayList<>();
    final List<String> printed = new ArrayList<>();
    final List<String> messages = new ArrayList<>();
    final List<Long> counts = new ArrayList<>();
    final List<String> statements = new ArrayList<>();

    @Override
    public void statementStarted(int index, String statement) {
        statements.add(statement);
    }

    @Override
    public void warning(SQLWarning warning) {
        messages.add(warning.getMessage());
    }

    @Override
    public void print(String message) {
        printed.add(message);
    }

    @Override
    public void resultSet(ResultSet rs) throws SQLException {
        tables.add(read(rs));
    }

    @Override
    public void updateCount(long count) {
        counts.add(count);
    }

    public Table table(int i) {
        return tables.get(i);
    }

    static Table read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            names.add(md.getColumnName(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v instanceof Blob b) {
                    v = b.getBytes(1, (int) b.length());
                } else if (v instanceof Clob c) {
                    v = c.getSubString(1, (int) c.length());
                }
                row.add(v);
            }
            rows.add(row);
        }
        return new Table(names, rows);
    }
}
