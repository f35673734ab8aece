package io.satellite.engine.sql;

import io.satellite.engine.tsql.SqlRewriter;
import io.satellite.engine.tsql.Token;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HexFormat;
import java.util.List;

/** Binds batch variables to {@code ?} markers and reads values back into Java objects. */
final class BoundValues {
    private BoundValues() {
    }

    static PreparedStatement prepare(Connection c, SqlRewriter.BoundSql sql, BatchVariables variables)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.sql());
        try {
            bind(ps, sql.variables(), variables);
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    static void bind(PreparedStatement ps, List<Token> markers, BatchVariables variables) throws SQLException {
        for (int i = 0; i < markers.size(); i++) {
            Token m = markers.get(i);
            if (m.kind() == Token.Kind.HEX) {
                String hex = m.text().length() % 2 == 1 ? "0" + m.text() : m.text();
                ps.setBytes(i + 1, HexFormat.of().parseHex(hex));
                continue;
            }
            BatchVariables.Variable v = variables.get(m);
            set(ps, i + 1, v.value(), v.type().jdbcType());
        }
    }

    static void set(PreparedStatement ps, int index, Object value, int jdbcType) throws SQLException {
        if (value == null) {
            ps.setNull(index, jdbcType);
        } else if (value instanceof byte[] b) {
            ps.setBytes(index, b);
        } else {
            ps.setObject(index, value);
        }
    }

    /** A column's value with LOBs read into byte[] and String, so that it outlives the result set. */
    static Object read(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (v instanceof Blob b) {
            return b.getBytes(1, (int) b.length());
        }
        if (v instanceof Clob c) {
            return c.getSubString(1, (int) c.length());
        }
        return v;
    }

    /** A value as PRINT shows it: NULL as an empty line, binary as 0x hex. */
    static String print(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof byte[] b ? "0x" + HexFormat.of().withUpperCase().formatHex(b) : value.toString();
    }

    static boolean isText(int jdbcType) {
        return jdbcType == Types.VARCHAR || jdbcType == Types.CHAR || jdbcType == Types.CLOB;
    }
}
