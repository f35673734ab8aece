package io.satellite.engine.security;

import io.satellite.engine.catalog.Migration;
import io.satellite.engine.script.RequestProcedures;
import io.satellite.engine.script.ScriptErrors;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SQLML.EFFECTIVE_PERMISSIONS()}: what each login may do and why, as the engine decides
 * it at the next call (a DENY through a role, a GRANT to PUBLIC, a package role, being an
 * administrator). Administrators see every login; anyone else sees their own rows.
 */
public final class EffectivePermissions {
    /** Catalog migration 10. */
    public static final Migration MIGRATION = new Migration(10, "security: effective permissions explained", List.of(
            "CREATE FUNCTION SQLML.EFFECTIVE_PERMISSIONS() RETURNS TABLE (PRINCIPAL VARCHAR(128),"
                    + " PERMISSION_NAME VARCHAR(64), ALLOWED INT, VIA VARCHAR(128), REASON VARCHAR(1000))"
                    + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA EXTERNAL SECURITY DEFINER"
                    + " EXTERNAL NAME 'io.satellite.engine.security.EffectivePermissions.rows'",
            "GRANT EXECUTE ON FUNCTION SQLML.EFFECTIVE_PERMISSIONS TO PUBLIC"));

    private EffectivePermissions() {
    }

    public static ResultSet rows() throws SQLException {
        try {
            Connection owner = DriverManager.getConnection("jdbc:default:connection");
            String me = Authorization.sessionUser();
            List<Object[]> rows = new ArrayList<>();
            boolean scriptsOn = io.satellite.engine.catalog.ConfigurationProcedures.valueInUse(owner,
                    io.satellite.engine.catalog.ConfigurationProcedures.SCRIPTS_ENABLED) == 1;
            for (String user : Principals.isAdmin(owner, me) ? logins(owner) : List.of(me)) {
                for (Capability c : Capability.values()) {
                    Authorization.Decision d = Authorization.decide(owner, user, c);
                    String reason = d.reason();
                    if (c == Capability.EXECUTE_ANY_EXTERNAL_SCRIPT && d.allowed() && !scriptsOn) {
                        reason += "; but external scripts are disabled on this server, so no script runs until"
                                + " an administrator runs sp_configure 'external scripts enabled', 1 and RECONFIGURE";
                    }
                    rows.add(new Object[] {user, c.sqlName(), d.allowed() ? 1 : 0, d.via(), reason});
                }
            }
            return new RequestProcedures.Rows(rows);
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    private static List<String> logins(Connection owner) throws SQLException {
        List<String> users = new ArrayList<>();
        try (Statement s = owner.createStatement();
             ResultSet rs = s.executeQuery("SELECT USERNAME FROM SYS.SYSUSERS ORDER BY USERNAME")) {
            while (rs.next()) {
                users.add(rs.getString(1));
            }
        }
        return users;
    }
}
