package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Date;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.rowset.serial.SerialBlob;
import org.apache.derby.vti.VTITemplate;

/**
 * The rows of a job's output data set as Derby reads them through a table function: a
 * chunk at a time from its {@link ChunkSource}, converted to the declared column types.
 */
final class OutputCursor extends VTITemplate {
    private final List<ResultColumn> columns;
    private final ChunkSource source;
    private Chunk chunk;
    private int row = -1;
    private boolean wasNull;
    private boolean closed;
    private java.sql.SQLWarning pendingWarnings;

    OutputCursor(List<ResultColumn> columns, ChunkSource source, java.sql.SQLWarning warnings) {
        this.columns = columns;
        this.source = source;
        this.pendingWarnings = warnings;
    }

    /** Derby collects a table function's warnings after each row: hand over the messages once. */
    @Override
    public java.sql.SQLWarning getWarnings() {
        java.sql.SQLWarning w = pendingWarnings;
        pendingWarnings = null;
        return w;
    }

    @Override
    public boolean next() throws SQLException {
        if (closed) {
            return false;
        }
        row++;
        while (chunk == null || row >= chunk.rows()) {
            chunk = source.next();
            row = 0;
            if (chunk == null) {
                close();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }

    private Object value(int column) throws SQLException {
        if (chunk == null || closed) {
            throw new SQLException("no current row", "24000");
        }
        Object v = chunk.value(column - 1, row);
        wasNull = v == null;
        return v;
    }

    private String name(int column) {
        return columns.get(column - 1).name();
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public String getString(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : ValueConversion.toText(v, columns.get(c - 1).type(), name(c));
    }

    @Override
    public int getInt(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : (int) ValueConversion.toLong(v, name(c), Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public short getShort(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : (short) ValueConversion.toLong(v, name(c), Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public long getLong(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ValueConversion.toLong(v, name(c));
    }

    @Override
    public double getDouble(int c) throws SQLException {
        Object v = value(c);
        return v == null ? 0 : ValueConversion.toDouble(v, name(c));
    }

    @Override
    public float getFloat(int c) throws SQLException {
        return (float) getDouble(c);
    }

    @Override
    public BigDecimal getBigDecimal(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : ValueConversion.toDecimal(v, name(c), columns.get(c - 1).type().scale());
    }

    @Override
    public boolean getBoolean(int c) throws SQLException {
        Object v = value(c);
        return v != null && ValueConversion.toBoolean(v, name(c));
    }

    @Override
    public Date getDate(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : Date.valueOf(ValueConversion.toDate(v, name(c)));
    }

    @Override
    public Date getDate(int c, java.util.Calendar cal) throws SQLException {
        return getDate(c);
    }

    @Override
    public Timestamp getTimestamp(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : Timestamp.valueOf(ValueConversion.toTimestamp(v, name(c)));
    }

    @Override
    public Timestamp getTimestamp(int c, java.util.Calendar cal) throws SQLException {
        return getTimestamp(c);
    }

    @Override
    public byte[] getBytes(int c) throws SQLException {
        Object v = value(c);
        return v == null ? null : ValueConversion.toBytes(v, columns.get(c - 1).type(), name(c));
    }

    @Override
    public Blob getBlob(int c) throws SQLException {
        byte[] b = getBytes(c);
        return b == null ? null : new SerialBlob(b);
    }

    @Override
    public Object getObject(int c) throws SQLException {
        return value(c);
    }
}
