package io.satellite.engine.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Catalog migration 9: external libraries (R packages) as SQL Server's {@code CREATE EXTERNAL
 * LIBRARY} records them, with the package file kept in the database so that a library
 * directory can be rebuilt on another machine; the repositories packages come from; and
 * the log of every package operation. The procedures are implemented by the package manager
 * ({@code io.satellite.packagemgr.sql.PackageProcedures}), which the engine starts when it is
 * on the class path; they check the caller's package roles themselves.
 */
final class ExternalLibraryCatalog {
    private static final String PROCS = "io.satellite.packagemgr.sql.PackageProcedures.";
    private static final String VISIBLE = "(SCOPE = 'SHARED' OR OWNER = SESSION_USER OR SQLML.IS_ADMIN() = 1)";

    private ExternalLibraryCatalog() {
    }

    static final Migration MIGRATION = new Migration(9, "external libraries, package repositories and operations",
            statements());

    private static List<String> statements() {
        List<String> sql = new ArrayList<>(List.of(
                "CREATE TABLE SQLML.EXTERNAL_LIBRARY_STORE (LIBRARY_ID BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY"
                        + " PRIMARY KEY, NAME VARCHAR(128) NOT NULL, VERSION VARCHAR(64) NOT NULL,"
                        + " LANGUAGE VARCHAR(64) NOT NULL, SCOPE VARCHAR(8) NOT NULL CHECK (SCOPE IN ('SHARED',"
                        + " 'PRIVATE')), OWNER VARCHAR(128) NOT NULL, INSTALLED_BY VARCHAR(128) NOT NULL,"
                        + " INSTALLED_AT TIMESTAMP NOT NULL, DEPENDS VARCHAR(4000) NOT NULL,"
                        + " CONTENT_SHA256 CHAR(64) NOT NULL, CONTENT_BYTES BIGINT NOT NULL, CONTENT BLOB(1G) NOT NULL,"
                        + " CONSTRAINT EXTERNAL_LIBRARY_ONE_PER_SCOPE UNIQUE (LANGUAGE, SCOPE, OWNER, NAME))",
                "CREATE VIEW SQLML.EXTERNAL_LIBRARIES AS SELECT LIBRARY_ID, NAME, VERSION, LANGUAGE, SCOPE, OWNER,"
                        + " INSTALLED_BY, INSTALLED_AT, DEPENDS, CONTENT_SHA256, CONTENT_BYTES"
                        + " FROM SQLML.EXTERNAL_LIBRARY_STORE WHERE " + VISIBLE,
                "GRANT SELECT ON SQLML.EXTERNAL_LIBRARIES TO PUBLIC",
                "CREATE TABLE SQLML.PACKAGE_REPOSITORIES (NAME VARCHAR(128) NOT NULL PRIMARY KEY,"
                        + " LOCATION VARCHAR(1000) NOT NULL, ADDED_BY VARCHAR(128) NOT NULL, ADDED_AT TIMESTAMP NOT NULL)",
                "GRANT SELECT ON SQLML.PACKAGE_REPOSITORIES TO PUBLIC",
                "CREATE TABLE SQLML.PACKAGE_OPERATION_LOG (OPERATION_ID BIGINT NOT NULL GENERATED ALWAYS AS"
                        + " IDENTITY PRIMARY KEY, USER_NAME VARCHAR(128) NOT NULL, ACTION VARCHAR(16) NOT NULL,"
                        + " PACKAGES VARCHAR(4000) NOT NULL, LANGUAGE VARCHAR(64) NOT NULL, SCOPE VARCHAR(8),"
                        + " STATUS VARCHAR(16) NOT NULL, STARTED_AT TIMESTAMP NOT NULL, ENDED_AT TIMESTAMP,"
                        + " STEPS_DONE INT NOT NULL DEFAULT 0, STEPS_TOTAL INT NOT NULL DEFAULT 1,"
                        + " CURRENT_STEP VARCHAR(1000), MESSAGE VARCHAR(4000), LOG CLOB(64M))",
                "CREATE VIEW SQLML.PACKAGE_OPERATIONS AS SELECT * FROM SQLML.PACKAGE_OPERATION_LOG"
                        + " WHERE USER_NAME = SESSION_USER OR SQLML.IS_ADMIN() = 1",
                "GRANT SELECT ON SQLML.PACKAGE_OPERATIONS TO PUBLIC"));
        procedure(sql, "INSTALL_PACKAGE(IN PACKAGES VARCHAR(4000), IN SCOPE VARCHAR(8))", "install");
        procedure(sql, "INSTALL_PACKAGE_FILE(IN PATH VARCHAR(1000), IN SCOPE VARCHAR(8))", "installFile");
        procedure(sql, "UPGRADE_PACKAGE(IN PACKAGES VARCHAR(4000), IN SCOPE VARCHAR(8))", "upgrade");
        procedure(sql, "REMOVE_PACKAGE(IN PACKAGE VARCHAR(128), IN SCOPE VARCHAR(8), IN REMOVE_DEPENDENTS SMALLINT)", "remove");
        procedure(sql, "SYNC_EXTERNAL_LIBRARIES()", "sync");
        procedure(sql, "CANCEL_PACKAGE_OPERATION(IN OPERATION_ID BIGINT)", "cancel");
        procedure(sql, "CREATE_EXTERNAL_LIBRARY(IN NAME VARCHAR(128), IN PATH VARCHAR(1000), IN LANGUAGE VARCHAR(64),"
                + " IN SCOPE VARCHAR(8))", "createLibrary");
        procedure(sql, "DROP_EXTERNAL_LIBRARY(IN NAME VARCHAR(128), IN SCOPE VARCHAR(8))", "dropLibrary");
        procedure(sql, "ADD_PACKAGE_REPOSITORY(IN NAME VARCHAR(128), IN LOCATION VARCHAR(1000))", "addRepository");
        procedure(sql, "DROP_PACKAGE_REPOSITORY(IN NAME VARCHAR(128))", "dropRepository");
        tableFunction(sql, "AVAILABLE_PACKAGES()", "REPOSITORY VARCHAR(128), NAME VARCHAR(128), VERSION VARCHAR(64),"
                + " DEPENDS VARCHAR(4000), IMPORTS VARCHAR(4000), LINKING_TO VARCHAR(4000), TITLE VARCHAR(1000)",
                "available");
        tableFunction(sql, "PACKAGE_INSTALL_PLAN(PACKAGES VARCHAR(4000), SCOPE VARCHAR(8))",
                "STEP INT, NAME VARCHAR(128), VERSION VARCHAR(64), ACTION VARCHAR(24), INSTALLED_VERSION VARCHAR(64),"
                        + " REQUIRED_BY VARCHAR(4000)", "plan");
        return sql;
    }

    private static void procedure(List<String> sql, String signature, String method) {
        sql.add("CREATE PROCEDURE SQLML." + signature + " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA"
                + " EXTERNAL NAME '" + PROCS + method + "'");
        sql.add("GRANT EXECUTE ON PROCEDURE SQLML." + signature.substring(0, signature.indexOf('(')) + " TO PUBLIC");
    }

    private static void tableFunction(List<String> sql, String signature, String columns, String method) {
        sql.add("CREATE FUNCTION SQLML." + signature + " RETURNS TABLE (" + columns + ") LANGUAGE JAVA"
                + " PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA EXTERNAL NAME '" + PROCS + method + "'");
        sql.add("GRANT EXECUTE ON FUNCTION SQLML." + signature.substring(0, signature.indexOf('(')) + " TO PUBLIC");
    }
}
