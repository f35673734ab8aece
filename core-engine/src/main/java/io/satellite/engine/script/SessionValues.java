package io.satellite.engine.script;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Values of batch variables too long for the {@code params} argument (a model in a
 * {@code varbinary(max)} variable, a long text) travel to {@code sp_execute_external_script}
 * through a declared temporary table of the caller's own session: the batch stores the
 * value with bound parameters, and {@code params} names it as {@code SESSION_VALUE(id)}.
 * Only the session that stored a value can read it, and it is gone with the session.
 * Derby's temporary tables cannot hold LOBs, so values are kept in 32 KB pieces.
 */
public final class SessionValues {
    /** A value in the session's table, as named in {@code params}. */
    public record Reference(int id) {
    }

    static final String TABLE = "SESSION.SQLML_BATCH_VALUES";
    private static final int PIECE = 32672;

    private SessionValues() {
    }

    /** Stores a byte[] or String; returns the literal that names it in {@code params}. */
    public static String store(Connection c, Object value) throws SQLException {
        ensureTable(c);
        int id;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(ID), 0) + 1 FROM " + TABLE)) {
            rs.next();
            id = rs.getInt(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?)")) {
            int length = value instanceof byte[] b ? b.length : ((String) value).length();
            for (int seq = 0, at = 0; seq == 0 || at < length; seq++, at += PIECE) {
                int to = Math.min(length, at + PIECE);
                ps.setInt(1, id);
                ps.setInt(2, seq);
                ps.setBytes(3, value instanceof byte[] b ? Arrays.copyOfRange(b, at, to) : null);
                ps.setString(4, value instanceof String s ? s.substring(at, to) : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return "SESSION_VALUE(" + id + ")";
    }

    /** Removes every stored value of the session (after the call that used them). */
    public static void clear(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM " + TABLE);
        } catch (SQLException e) {
            if (!"42X05".equals(e.getSQLState())) { // no table: nothing was stored
                throw e;
            }
        }
    }

    /** The parameter with a stored value read back, on the caller's connection (in the procedure). */
    static ScriptParameter resolve(Connection caller, ScriptParameter p) throws SQLException {
        if (!(p.value() instanceof Reference ref)) {
            return p;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder();
        boolean binary = false;
        boolean found = false;
        try (PreparedStatement ps = caller.prepareStatement("SELECT BIN, TXT FROM " + TABLE
                + " WHERE ID = ? ORDER BY SEQ")) {
            ps.setInt(1, ref.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found = true;
                    byte[] b = rs.getBytes(1);
                    if (b != null) {
                        binary = true;
                        bytes.writeBytes(b);
                    } else if (rs.getString(2) != null) {
                        text.append(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, "SESSION_VALUE(" + ref.id() + ") of " + p.name()
                    + " names no value of this session", e);
        }
        if (!found) {
            throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, "SESSION_VALUE(" + ref.id() + ") of " + p.name()
                    + " names no value of this session");
        }
        return new ScriptParameter(p.name(), p.type(), p.output(), binary ? bytes.toByteArray() : text.toString());
    }

    private static void ensureTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DECLARE GLOBAL TEMPORARY TABLE " + TABLE + " (ID INT NOT NULL, SEQ INT NOT NULL,"
                    + " BIN VARCHAR(32672) FOR BIT DATA, TXT VARCHAR(32672)) ON COMMIT PRESERVE ROWS NOT LOGGED");
        } catch (SQLException e) {
            if (!"X0Y32".equals(e.getSQLState())) { // already declared in this session
                throw e;
            }
        }
    }
}
