package io.satellite.engine.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLML catalog's schema history. Each migration runs once, in its own transaction,
 * and is recorded in {@code SQLML.SCHEMA_VERSION}; new versions are appended, never edited.
 */
public final class Migrations {
    private static final String SCRIPT_PROC = "io.satellite.engine.script.ExternalScriptProcedures.execute";
    private static final String CONFIG_PROCS = "io.satellite.engine.catalog.ConfigurationProcedures.";

    public static final List<Migration> ALL = List.of(
            new Migration(1, "external scripts: configuration and sp_execute_external_script", List.of(
                    "CREATE TABLE SQLML.CONFIGURATION (NAME VARCHAR(128) NOT NULL PRIMARY KEY,"
                            + " VALUE INT NOT NULL, VALUE_IN_USE INT NOT NULL, MINIMUM INT NOT NULL,"
                            + " MAXIMUM INT NOT NULL, DESCRIPTION VARCHAR(400) NOT NULL)",
                    "INSERT INTO SQLML.CONFIGURATION VALUES ('external scripts enabled', 0, 0, 0, 1,"
                            + " 'Allows execution of external scripts (R) by SQLML.SP_EXECUTE_EXTERNAL_SCRIPT')",
                    "GRANT SELECT ON SQLML.CONFIGURATION TO PUBLIC",
                    "CREATE PROCEDURE SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(IN LANGUAGE VARCHAR(128),"
                            + " IN SCRIPT VARCHAR(32672), IN INPUT_DATA_1 VARCHAR(32672),"
                            + " IN INPUT_DATA_1_NAME VARCHAR(128), IN OUTPUT_DATA_1_NAME VARCHAR(128),"
                            + " IN PARAMS VARCHAR(32672), IN RESULT_SETS VARCHAR(32672))"
                            + " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA DYNAMIC RESULT SETS 2"
                            + " EXTERNAL NAME '" + SCRIPT_PROC + "'",
                    "GRANT EXECUTE ON PROCEDURE SQLML.SP_EXECUTE_EXTERNAL_SCRIPT TO PUBLIC",
                    "CREATE PROCEDURE SQLML.SP_CONFIGURE(IN NAME VARCHAR(128), IN VALUE INT)"
                            + " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA"
                            + " EXTERNAL NAME '" + CONFIG_PROCS + "configure'",
                    "CREATE PROCEDURE SQLML.RECONFIGURE() LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA"
                            + " EXTERNAL NAME '" + CONFIG_PROCS + "reconfigure'")),
            ResourcePoolProcedures.MIGRATION,
            RequestCatalog.MIGRATION,
            io.satellite.engine.security.SecurityCatalog.migration(adminProcedures()),
            RequestCatalog.PARALLEL,
            UsageCatalog.MIGRATION,
            ProcedureCatalog.MIGRATION,
            ExternalLanguages.MIGRATION,
            ExternalLibraryCatalog.MIGRATION,
            io.satellite.engine.security.EffectivePermissions.MIGRATION,
            ConfigurationProcedures.RESTART_OPTIONS,
            io.satellite.engine.security.SecurityVersion.migration());

    private static List<String[]> adminProcedures() {
        List<String[]> procedures = new java.util.ArrayList<>(ConfigurationProcedures.definitions());
        procedures.addAll(ResourcePoolProcedures.definitions());
        return procedures;
    }

    private Migrations() {
    }

    /** Brings the catalog up to date on a connection of the database owner. */
    public static int apply(Connection owner) throws SQLException {
        boolean auto = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try {
            int current = ensureHistory(owner);
            for (Migration m : ALL.stream().sorted(java.util.Comparator.comparingInt(Migration::version)).toList()) {
                if (m.version() <= current) {
                    continue;
                }
                try (Statement s = owner.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                    try (PreparedStatement ps = owner.prepareStatement(
                            "INSERT INTO SQLML.SCHEMA_VERSION VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                        ps.setInt(1, m.version());
                        ps.setString(2, m.description());
                        ps.executeUpdate();
                    }
                    owner.commit();
                    current = m.version();
                } catch (SQLException e) {
                    owner.rollback();
                    throw new SQLException("catalog migration " + m.version() + " (" + m.description()
                            + ") failed: " + e.getMessage(), e.getSQLState(), e);
                }
            }
            return current;
        } finally {
            owner.setAutoCommit(auto);
        }
    }

    private static int ensureHistory(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, "SQLML", "SCHEMA_VERSION", null)) {
            if (!rs.next()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA SQLML");
                    s.execute("CREATE TABLE SQLML.SCHEMA_VERSION (VERSION INT NOT NULL PRIMARY KEY,"
                            + " DESCRIPTION VARCHAR(400) NOT NULL, APPLIED_AT TIMESTAMP NOT NULL)");
                    s.execute("GRANT SELECT ON SQLML.SCHEMA_VERSION TO PUBLIC");
                }
                c.commit();
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(VERSION), 0) FROM SQLML.SCHEMA_VERSION")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
