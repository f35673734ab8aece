package io.satellite.engine.catalog;

import io.satellite.engine.tsql.BatchScript;
import io.satellite.engine.tsql.ProcedureParameter;
import io.satellite.engine.tsql.SqlSyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.derby.iapi.sql.conn.ConnectionUtil;
import org.apache.derby.iapi.sql.conn.LanguageConnectionContext;

/**
 * Stored T-SQL procedures ({@code CREATE PROCEDURE ... AS ...}): their parameter lists and
 * bodies in {@code SQLML.PROCEDURES}, written only through {@code SQLML.CREATE_PROCEDURE} and
 * {@code SQLML.DROP_PROCEDURE}. Those run with the catalog owner's rights and let a user
 * create and drop procedures in the user's own schema; the database owner in any schema.
 * Every user can read the definitions. {@code SQLML.EXECUTE_PROCEDURE} runs one from JDBC.
 */
public final class ProcedureCatalog {
    static final String INVALID = "38S07";
    private static final String JAVA = " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA";

    static final Migration MIGRATION = new Migration(7, "stored T-SQL procedures", List.of(
            "CREATE TABLE SQLML.PROCEDURES (SCHEMA_NAME VARCHAR(128) NOT NULL, PROCEDURE_NAME VARCHAR(128) NOT NULL,"
                    + " PARAMETERS VARCHAR(32672) NOT NULL, BODY VARCHAR(32672) NOT NULL,"
                    + " CREATED_BY VARCHAR(128) NOT NULL, CREATED_AT TIMESTAMP NOT NULL,"
                    + " MODIFIED_AT TIMESTAMP NOT NULL, PRIMARY KEY (SCHEMA_NAME, PROCEDURE_NAME))",
            "GRANT SELECT ON SQLML.PROCEDURES TO PUBLIC",
            "CREATE PROCEDURE SQLML.CREATE_PROCEDURE(IN SCHEMA_NAME VARCHAR(128), IN PROCEDURE_NAME VARCHAR(128),"
                    + " IN PARAMETERS VARCHAR(32672), IN BODY VARCHAR(32672), IN OR_ALTER SMALLINT)" + JAVA
                    + " EXTERNAL SECURITY DEFINER EXTERNAL NAME 'io.satellite.engine.catalog.ProcedureCatalog.create'",
            "GRANT EXECUTE ON PROCEDURE SQLML.CREATE_PROCEDURE TO PUBLIC",
            "CREATE PROCEDURE SQLML.DROP_PROCEDURE(IN SCHEMA_NAME VARCHAR(128), IN PROCEDURE_NAME VARCHAR(128),"
                    + " IN IF_EXISTS SMALLINT)" + JAVA
                    + " EXTERNAL SECURITY DEFINER EXTERNAL NAME 'io.satellite.engine.catalog.ProcedureCatalog.drop'",
            "GRANT EXECUTE ON PROCEDURE SQLML.DROP_PROCEDURE TO PUBLIC",
            "CREATE PROCEDURE SQLML.EXECUTE_PROCEDURE(IN PROCEDURE_NAME VARCHAR(257), IN ARGUMENTS VARCHAR(32672))"
                    + JAVA + " DYNAMIC RESULT SETS 4"
                    + " EXTERNAL NAME 'io.satellite.engine.sql.ProcedureEntry.execute'",
            "GRANT EXECUTE ON PROCEDURE SQLML.EXECUTE_PROCEDURE TO PUBLIC"));

    private ProcedureCatalog() {
    }

    public static void create(String schema, String name, String parameters, String body, short orAlter)
            throws SQLException {
        checkOwner(schema, name);
        try {
            ProcedureParameter.parseList(parameters == null ? "" : parameters);
            BatchScript.of(body).batches().forEach(BatchScript.Batch::statements);
        } catch (SqlSyntaxException e) {
            throw new SQLException("procedure " + schema + "." + name + " does not parse: " + e.getMessage(), INVALID);
        }
        Connection c = DriverManager.getConnection("jdbc:default:connection");
        String user = lcc().getSessionUserId();
        if (orAlter != 0) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE SQLML.PROCEDURES SET PARAMETERS = ?, BODY = ?,"
                    + " MODIFIED_AT = CURRENT_TIMESTAMP WHERE SCHEMA_NAME = ? AND PROCEDURE_NAME = ?")) {
                ps.setString(1, parameters == null ? "" : parameters);
                ps.setString(2, body);
                ps.setString(3, schema);
                ps.setString(4, name);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO SQLML.PROCEDURES VALUES (?, ?, ?, ?, ?,"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            ps.setString(3, parameters == null ? "" : parameters);
            ps.setString(4, body);
            ps.setString(5, user);
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new SQLException("there is already a procedure named " + schema + "." + name
                        + "; drop it first or use CREATE OR ALTER PROCEDURE", INVALID, e);
            }
            throw e;
        }
    }

    public static void drop(String schema, String name, short ifExists) throws SQLException {
        checkOwner(schema, name);
        Connection c = DriverManager.getConnection("jdbc:default:connection");
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM SQLML.PROCEDURES WHERE SCHEMA_NAME = ? AND PROCEDURE_NAME = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            if (ps.executeUpdate() == 0 && ifExists == 0) {
                throw new SQLException("cannot drop procedure " + schema + "." + name
                        + " because it does not exist", INVALID);
            }
        }
    }

    /** A user may change procedures of the schema named after the user; administrators, any. */
    private static void checkOwner(String schema, String name) throws SQLException {
        if (schema == null || name == null || schema.isBlank() || name.isBlank()) {
            throw new SQLException("a procedure needs a schema and a name", INVALID);
        }
        LanguageConnectionContext lcc = lcc();
        String user = lcc.getSessionUserId();
        if (!schema.equals(user) && !io.satellite.engine.security.Principals.isAdmin(
                DriverManager.getConnection("jdbc:default:connection"), user)) {
            throw new SQLException("user " + user + " may not create or drop procedures in schema " + schema
                    + "; only in schema " + user, INVALID);
        }
    }

    private static LanguageConnectionContext lcc() throws SQLException {
        return ConnectionUtil.getCurrentLCC();
    }
}
