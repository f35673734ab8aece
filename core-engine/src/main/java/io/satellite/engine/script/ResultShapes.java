package io.satellite.engine.script;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derby returns typed rows from Java only through table functions, whose shape is fixed
 * when declared. This keeps one table function per output shape ({@code SQLML.RS_<hash>}),
 * created on first use by the database owner, executable by everyone, and cached.
 */
public final class ResultShapes {
    static final String READER = "io.satellite.engine.script.OutputDataSets.read";
    private final AdminConnections admin;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    public ResultShapes(AdminConnections admin) {
        this.admin = admin;
    }

    /** The name of the table function returning rows of this shape, created if needed. */
    public String functionFor(List<ResultColumn> columns) throws SQLException {
        String signature = signature(columns);
        String cached = known.get(signature);
        if (cached != null) {
            return cached;
        }
        String name = "RS_" + hash(signature);
        synchronized (this) {
            try (Connection c = admin.open()) {
                if (!exists(c, name)) {
                    create(c, name, columns);
                }
            }
        }
        known.put(signature, name);
        return name;
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM SYS.SYSALIASES A JOIN SYS.SYSSCHEMAS S"
                + " ON A.SCHEMAID = S.SCHEMAID WHERE S.SCHEMANAME = 'SQLML' AND A.ALIAS = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void create(Connection c, String name, List<ResultColumn> columns) throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE FUNCTION SQLML.").append(name)
                .append("(JOB_TOKEN VARCHAR(64)) RETURNS TABLE (");
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn col = columns.get(i);
            ddl.append(i == 0 ? "" : ", ").append(quote(col.name())).append(' ').append(col.type().declaration());
        }
        ddl.append(") LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA EXTERNAL NAME '")
                .append(READER).append('\'');
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(ddl.toString());
            s.execute("GRANT EXECUTE ON FUNCTION SQLML." + name + " TO PUBLIC");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (!"X0Y68".equals(e.getSQLState())) { // created meanwhile by another engine thread
                throw e;
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String signature(List<ResultColumn> columns) {
        StringBuilder s = new StringBuilder();
        for (ResultColumn c : columns) {
            s.append(c.name()).append('\u0000').append(c.type().declaration()).append('\u0001');
        }
        return s.toString();
    }

    private static String hash(String signature) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
