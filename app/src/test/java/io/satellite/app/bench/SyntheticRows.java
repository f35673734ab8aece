package io.satellite.app.bench;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.Column;
import io.satellite.engine.exchange.WireType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The benchmark's rows: {@code (id INTEGER, a DOUBLE, b DOUBLE, s VARCHAR(20))}, the same
 * values for the Derby table and for the exchange alone. Row i: id = i, a = a scrambled
 * fraction, b = i / 7, s = "label-" + i (unique, 7 to 14 characters).
 */
final class SyntheticRows {
    static final String COLUMNS_DDL = "(id INTEGER, a DOUBLE, b DOUBLE, s VARCHAR(20))";
    static final List<Column> COLUMNS = List.of(new Column("id", WireType.INT), new Column("a", WireType.DOUBLE),
            new Column("b", WireType.DOUBLE), new Column("s", WireType.STRING));
    private static final double GOLDEN = 0.6180339887498949;

    private SyntheticRows() {
    }

    static double a(int i) {
        double x = i * GOLDEN;
        return (x - Math.floor(x)) * 1000.0;
    }

    static double b(int i) {
        return i / 7.0;
    }

    static String s(int i) {
        return "label-" + i;
    }

    /** Rows {@code [first, first + rows)} as one exchange chunk. */
    static Chunk chunk(int first, int rows) {
        Object[] id = new Object[rows];
        Object[] a = new Object[rows];
        Object[] b = new Object[rows];
        Object[] s = new Object[rows];
        for (int r = 0; r < rows; r++) {
            int i = first + r;
            id[r] = i;
            a[r] = a(i);
            b[r] = b(i);
            s[r] = s(i);
        }
        return new Chunk(rows, new Object[][] {id, a, b, s});
    }

    /** Sum of ids 0..n-1: what a faithful round trip returns. */
    static long idSum(long n) {
        return n * (n - 1) / 2;
    }

    /** Creates {@code table} (dropping an old one) and fills it with {@code n} rows in batches. */
    static void createTable(Connection c, String table, int n) throws SQLException {
        try (Statement s = c.createStatement()) {
            try {
                s.execute("DROP TABLE " + table);
            } catch (SQLException e) {
                // not there
            }
            s.execute("CREATE TABLE " + table + " " + COLUMNS_DDL);
        }
        if (n == 0) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                ps.setInt(1, i);
                ps.setDouble(2, a(i));
                ps.setDouble(3, b(i));
                ps.setString(4, s(i));
                ps.addBatch();
                if (i % 10_000 == 9_999 || i == n - 1) {
                    ps.executeBatch();
                }
                if (i % 200_000 == 199_999) {
                    c.commit();
                }
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** {rows, sum of ids} of a table. */
    static long[] countAndIdSum(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*), SUM(CAST(id AS BIGINT)) FROM " + table)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
