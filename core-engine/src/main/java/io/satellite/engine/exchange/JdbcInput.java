package io.satellite.engine.exchange;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Reads a JDBC result set (the input query) as wire columns, a chunk at a time. */
public final class JdbcInput {
    private final ResultSet rs;
    private final List<Column> columns;

    public JdbcInput(ResultSet rs) throws SQLException {
        this.rs = rs;
        ResultSetMetaData md = rs.getMetaData();
        List<Column> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.add(new Column(md.getColumnLabel(i), wireTypeOf(md, i)));
        }
        this.columns = List.copyOf(cols);
    }

    public List<Column> columns() {
        return columns;
    }

    static WireType wireTypeOf(ResultSetMetaData md, int i) throws SQLException {
        return switch (md.getColumnType(i)) {
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> WireType.INT;
            case Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.DOUBLE, Types.FLOAT, Types.REAL -> WireType.DOUBLE;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.TIME,
                    Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB -> WireType.STRING;
            case Types.BOOLEAN, Types.BIT -> WireType.LOGICAL;
            case Types.DATE -> WireType.DATE;
            case Types.TIMESTAMP -> WireType.TIMESTAMP;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> WireType.BINARY;
            default -> throw new SQLException("input column '" + md.getColumnLabel(i) + "' has type "
                    + md.getColumnTypeName(i) + ", which cannot be passed to an external script", "38S05");
        };
    }

    /** Reads up to {@code maxRows} rows; a chunk of 0 rows means the input is exhausted. */
    public Chunk nextChunk(int maxRows) throws SQLException {
        Object[][] data = new Object[columns.size()][maxRows];
        int n = 0;
        while (n < maxRows && rs.next()) {
            for (int c = 0; c < data.length; c++) {
                data[c][n] = value(c + 1, columns.get(c).type());
            }
            n++;
        }
        return new Chunk(n, data);
    }

    private Object value(int i, WireType type) throws SQLException {
        Object v = switch (type) {
            case INT -> rs.getInt(i);
            case DOUBLE -> rs.getDouble(i);
            case STRING -> rs.getString(i);
            case LOGICAL -> rs.getBoolean(i);
            case DATE -> {
                java.sql.Date d = rs.getDate(i);
                yield d == null ? null : d.toLocalDate();
            }
            case TIMESTAMP -> {
                java.sql.Timestamp t = rs.getTimestamp(i);
                yield t == null ? null : t.toLocalDateTime();
            }
            case BINARY -> rs.getBytes(i);
        };
        return rs.wasNull() ? null : v;
    }
}
