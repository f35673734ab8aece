package io.satellite.engine.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The target of {@code INSERT INTO t [(columns)] EXEC ...}: streams the first result set of
 * the call into the table with a batched, bound INSERT.
 */
final class RowInserter implements Results.Interceptor {
    private static final int BATCH = 1000;
    private final Connection connection;
    private final String table;
    private final List<String> columns;
    private boolean taken;
    private long rows;

    RowInserter(Connection connection, String table, List<String> columns) {
        this.connection = connection;
        this.table = table;
        this.columns = columns;
    }

    @Override
    public boolean take(ResultSet rs) throws SQLException {
        if (taken) {
            return false;
        }
        taken = true;
        int n = rs.getMetaData().getColumnCount();
        if (!columns.isEmpty() && columns.size() != n) {
            throw new SQLException("INSERT ... EXEC names " + columns.size() + " column(s), but the script returned "
                    + n, "21S01");
        }
        String sql = "INSERT INTO " + table + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")")
                + " VALUES (" + "?, ".repeat(n - 1) + "?)";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int pending = 0;
            while (rs.next()) {
                for (int c = 1; c <= n; c++) {
                    Object v = BoundValues.read(rs, c);
                    BoundValues.set(ps, c, v, rs.getMetaData().getColumnType(c));
                }
                ps.addBatch();
                rows++;
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        return true;
    }

    long rows() {
        return rows;
    }
}
