package io.satellite.engine.security;

import io.satellite.engine.catalog.Migration;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog migration 4: Satellite's roles, the permissions table, the append-only audit
 * log, the security procedures, and administrator checks in the configuration and pool
 * procedures (re-created as definer-rights routines open to PUBLIC, which check the caller
 * themselves, so that members of SQLML_ADMIN, not only the database owner, administer).
 */
public final class SecurityCatalog {
    private static final String PROCS = "io.satellite.engine.security.SecurityProcedures.";
    private static final String DEFINER = " EXTERNAL SECURITY DEFINER EXTERNAL NAME '";
    /** Rows a user may see: their own, or all for administrators (VIEW SERVER STATE). */
    private static final String OWN_ROWS = "(USER_NAME = SESSION_USER OR SQLML.IS_ADMIN() = 1)";

    private SecurityCatalog() {
    }

    /**
     * @param adminProcedures the configuration and pool procedures to re-create, each as
     *        {name, "(parameters) LANGUAGE JAVA ... MODIFIES SQL DATA", Java method}
     */
    public static Migration migration(List<String[]> adminProcedures) {
        List<String> sql = new ArrayList<>();
        for (String role : SecurityRoles.ALL) {
            sql.add("CREATE ROLE " + role);
        }
        sql.add("GRANT " + SecurityRoles.ADMIN + " TO " + io.satellite.engine.AdminCredentials.USER);
        sql.add("CREATE TABLE SQLML.DATABASE_PERMISSIONS (PRINCIPAL VARCHAR(128) NOT NULL,"
                + " PERMISSION_NAME VARCHAR(64) NOT NULL, STATE CHAR(1) NOT NULL CHECK (STATE IN ('G', 'D')),"
                + " GRANTOR VARCHAR(128) NOT NULL, CHANGED_AT TIMESTAMP NOT NULL,"
                + " PRIMARY KEY (PRINCIPAL, PERMISSION_NAME))");
        sql.add("CREATE PROCEDURE SQLML.AUDIT_LOG_IS_APPEND_ONLY() LANGUAGE JAVA PARAMETER STYLE JAVA NO SQL"
                + " EXTERNAL NAME 'io.satellite.engine.security.AuditLog.refuseChange'");
        sql.add("CREATE TABLE SQLML.AUDIT_LOG (AUDIT_ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                + " EVENT_TIME TIMESTAMP NOT NULL, PRINCIPAL VARCHAR(128) NOT NULL, ACTION VARCHAR(64) NOT NULL,"
                + " OBJECT_NAME VARCHAR(256), OUTCOME VARCHAR(16) NOT NULL, DETAIL VARCHAR(4000),"
                + " REQUEST_ID BIGINT, LANGUAGE VARCHAR(128), POOL_NAME VARCHAR(128), SCRIPT_HASH CHAR(64),"
                + " SCRIPT VARCHAR(32672), INPUT_QUERY VARCHAR(32672))");
        sql.add("CREATE INDEX SQLML.AUDIT_LOG_TIME ON SQLML.AUDIT_LOG (EVENT_TIME)");
        sql.add("CREATE TRIGGER SQLML.AUDIT_LOG_NO_UPDATE NO CASCADE BEFORE UPDATE ON SQLML.AUDIT_LOG"
                + " FOR EACH STATEMENT CALL SQLML.AUDIT_LOG_IS_APPEND_ONLY()");
        sql.add("CREATE TRIGGER SQLML.AUDIT_LOG_NO_DELETE NO CASCADE BEFORE DELETE ON SQLML.AUDIT_LOG"
                + " FOR EACH STATEMENT CALL SQLML.AUDIT_LOG_IS_APPEND_ONLY()");
        function(sql, "IS_ADMIN()", "INT", "isAdmin");
        function(sql, "HAS_PERMISSION(PERMISSION_NAME VARCHAR(128))", "INT", "hasPermission");
        function(sql, "PERMISSION_DENIAL(PERMISSION_NAME VARCHAR(128))", "VARCHAR(1000)", "permissionDenial");
        sql.add("CREATE VIEW SQLML.AUDIT AS SELECT * FROM SQLML.AUDIT_LOG WHERE SQLML.IS_ADMIN() = 1");
        sql.add("GRANT SELECT ON SQLML.AUDIT TO PUBLIC");
        sql.add("CREATE VIEW SQLML.PERMISSIONS AS SELECT PRINCIPAL, PERMISSION_NAME,"
                + " CASE STATE WHEN 'G' THEN 'GRANT' ELSE 'DENY' END AS STATE_DESC, GRANTOR, CHANGED_AT"
                + " FROM SQLML.DATABASE_PERMISSIONS WHERE SQLML.IS_ADMIN() = 1 OR PRINCIPAL = SESSION_USER");
        sql.add("GRANT SELECT ON SQLML.PERMISSIONS TO PUBLIC");
        procedure(sql, "CREATE_USER(IN USER_NAME VARCHAR(128), IN PASSWORD VARCHAR(128))", "createUser");
        procedure(sql, "DROP_USER(IN USER_NAME VARCHAR(128))", "dropUser");
        procedure(sql, "REQUIRE_USER(IN USER_NAME VARCHAR(128))", "requireUser");
        procedure(sql, "CHANGE_PASSWORD(IN USER_NAME VARCHAR(128), IN PASSWORD VARCHAR(128))", "changePassword");
        procedure(sql, "CREATE_ROLE(IN ROLE_NAME VARCHAR(128))", "createRole");
        procedure(sql, "DROP_ROLE(IN ROLE_NAME VARCHAR(128))", "dropRole");
        procedure(sql, "ADD_ROLE_MEMBER(IN ROLE_NAME VARCHAR(130), IN MEMBER_NAME VARCHAR(128))", "addRoleMember");
        procedure(sql, "DROP_ROLE_MEMBER(IN ROLE_NAME VARCHAR(130), IN MEMBER_NAME VARCHAR(128))", "dropRoleMember");
        procedure(sql, "GRANT_PERMISSION(IN PERMISSION_NAME VARCHAR(128), IN PRINCIPAL VARCHAR(128))",
                "grantPermission");
        procedure(sql, "DENY_PERMISSION(IN PERMISSION_NAME VARCHAR(128), IN PRINCIPAL VARCHAR(128))",
                "denyPermission");
        procedure(sql, "REVOKE_PERMISSION(IN PERMISSION_NAME VARCHAR(128), IN PRINCIPAL VARCHAR(128))",
                "revokePermission");
        procedure(sql, "EXPORT_AUDIT(IN FILE_NAME VARCHAR(1000))", "exportAudit");
        for (String[] p : adminProcedures) {
            sql.add("DROP PROCEDURE SQLML." + p[0]);
            sql.add("CREATE PROCEDURE SQLML." + p[0] + p[1] + DEFINER + p[2] + "'");
            sql.add("GRANT EXECUTE ON PROCEDURE SQLML." + p[0] + " TO PUBLIC");
        }
        sql.add("DROP VIEW SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS");
        sql.add("DROP VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V");
        sql.add("CREATE VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V AS SELECT * FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE "
                + OWN_ROWS);
        sql.add("GRANT SELECT ON SQLML.EXTERNAL_SCRIPT_HISTORY_V TO PUBLIC");
        sql.add(io.satellite.engine.catalog.RequestCatalog.statisticsView(OWN_ROWS, false));
        sql.add("GRANT SELECT ON SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS TO PUBLIC");
        return new Migration(4, "security: roles, permissions, audit log, administrator checks", sql);
    }

    private static void procedure(List<String> sql, String signature, String method) {
        String name = signature.substring(0, signature.indexOf('('));
        sql.add("CREATE PROCEDURE SQLML." + signature + " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA"
                + DEFINER + PROCS + method + "'");
        sql.add("GRANT EXECUTE ON PROCEDURE SQLML." + name + " TO PUBLIC");
    }

    private static void function(List<String> sql, String signature, String returns, String method) {
        String name = signature.substring(0, signature.indexOf('('));
        sql.add("CREATE FUNCTION SQLML." + signature + " RETURNS " + returns
                + " LANGUAGE JAVA PARAMETER STYLE JAVA READS SQL DATA" + DEFINER + PROCS + method + "'");
        sql.add("GRANT EXECUTE ON FUNCTION SQLML." + name + " TO PUBLIC");
    }
}
