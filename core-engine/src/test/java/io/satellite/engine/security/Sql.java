package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Small JDBC helpers for the security tests. */
final class Sql {
    private Sql() {
    }

    static void call(Connection c, String sql, Object... args) throws SQLException {
        try (CallableStatement cs = c.prepareCall(sql)) {
            for (int i = 0; i < args.length; i++) {
                cs.setObject(i + 1, args[i]);
            }
            cs.execute();
        }
    }

    static List<List<Object>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<Object>> out = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    static Object value(Connection c, String sql, Object... args) throws SQLException {
        List<List<Object>> rows = rows(c, sql, args);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** Runs a one-row R script; returns its value. */
    static int runScript(Connection c) throws SQLException {
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R',"
                + " 'OutputDataSet <- data.frame(x = 41L + 1L)', NULL, NULL, NULL, NULL, NULL)")) {
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Expects a refusal: the SQLState (or, from a network client, Derby's 38000 whose text
     * begins with the state) and a message containing the given text.
     */
    static SQLException refused(String state, String text, Action action) {
        SQLException e = assertThrows(SQLException.class, action::run);
        String all = messages(e);
        assertTrue(state.equals(e.getSQLState()) || all.contains(state + ": "),
                "expected SQLState " + state + " but got " + e.getSQLState() + ": " + all);
        assertTrue(all.contains(text), "expected '" + text + "' in: " + all);
        return e;
    }

    /** A permission refusal (38S11), embedded or over the network, whose text says why. */
    static void assertRefusal(SQLException e, String why) {
        String all = messages(e);
        assertTrue(("38S11".equals(e.getSQLState()) || all.contains("38S11: ")) && all.contains(why), all);
    }

    static String messages(SQLException e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() != t ? t.getCause() : null) {
            all.append(t.getMessage()).append(" | ");
            if (t instanceof SQLException s && s.getNextException() != null && s.getNextException() != t.getCause()) {
                all.append(s.getNextException().getMessage()).append(" | ");
            }
        }
        return all.toString();
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }
}
