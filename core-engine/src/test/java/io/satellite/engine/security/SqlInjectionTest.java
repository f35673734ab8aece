package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import io.satellite.engine.sql.BatchOutput;
import io.satellite.engine.sql.SqlSession;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL smuggled through every parameter of sp_execute_external_script, every security
 * procedure and every T-SQL form: each attempt fails with an error naming the bad value
 * (or runs harmlessly as data), and nothing runs that the caller could not run directly.
 * Canary tables (one the caller may not touch, one the caller owns) prove nothing ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlInjectionTest {
    private static final String DROP = "DROP TABLE ADMIN.CANARY";
    @TempDir
    static Path dir;
    private Engine engine;
    private Connection admin;
    private Connection mallory;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        admin = engine.connectAsAdmin();
        Sql.call(admin, "CREATE TABLE CANARY (N INT)");
        Sql.call(admin, "INSERT INTO CANARY VALUES (1)");
        Sql.call(admin, "CALL SQLML.CREATE_USER('mallory', 'mallory-pw')");
        Sql.call(admin, "CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'mallory')");
        mallory = engine.connect("mallory", "mallory-pw");
        Sql.call(mallory, "CREATE TABLE OWN (N INT)");
        Sql.call(mallory, "INSERT INTO OWN VALUES (1)");
    }

    @AfterAll
    void stop() throws Exception {
        mallory.close();
        admin.close();
        engine.close();
    }

    @AfterEach
    void nothingRan() throws SQLException {
        assertEquals(1, ((Number) Sql.value(admin, "SELECT COUNT(*) FROM CANARY")).intValue(), "ADMIN.CANARY");
        assertEquals(1, ((Number) Sql.value(admin, "SELECT COUNT(*) FROM MALLORY.OWN")).intValue(), "MALLORY.OWN");
        assertEquals(0, ((Number) Sql.value(admin, "VALUES SQLML.IS_ADMIN()")).intValue() - 1, "admin still admin");
        assertEquals(0, ((Number) Sql.value(mallory, "VALUES SQLML.IS_ADMIN()")).intValue(), "mallory not admin");
        assertEquals(0, ((Number) Sql.value(admin, "SELECT COUNT(*) FROM SYS.SYSROLES WHERE GRANTEE = 'MALLORY'"))
                .intValue(), "mallory holds no role");
    }

    private void call(String language, String script, String input, String inputName, String outputName,
                      String params, String resultSets) throws SQLException {
        try (CallableStatement cs = mallory.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?,?,?,?,?,?,?)")) {
            cs.setString(1, language);
            cs.setString(2, script);
            cs.setString(3, input);
            cs.setString(4, inputName);
            cs.setString(5, outputName);
            cs.setString(6, params);
            cs.setString(7, resultSets);
            cs.execute();
            for (boolean more = cs.getResultSet() != null; more; more = cs.getMoreResults()) {
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    private static void refused(String named, Sql.Action action) {
        SQLException e = assertThrows(SQLException.class, action::run);
        assertTrue(Sql.messages(e).contains(named), "expected the error to name '" + named + "': " + Sql.messages(e));
    }

    @Test
    void throughEachParameterOfTheScriptProcedure() {
        String ok = "OutputDataSet <- data.frame(x = 1L)";
        refused("Unknown external language", () -> call("R'); " + DROP + "; --", ok, null, null, null, null, null));
        refused("Error in R script", () -> call("R", DROP, null, null, null, null, null));
        refused("@input_data_1", () -> call("R", ok, "SELECT 1 FROM SYSIBM.SYSDUMMY1; " + DROP, null, null, null, null));
        refused("must be a query that returns rows", () -> call("R", ok, "DELETE FROM MALLORY.OWN", null, null, null,
                null));
        refused("SELECT permission", () -> call("R", ok, "SELECT * FROM ADMIN.CANARY", null, null, null, null));
        refused("@input_data_1_name", () -> call("R", ok, "VALUES 1", "x <- 1; system('touch /tmp/pwned'); x", null,
                null, null));
        refused("@output_data_1_name", () -> call("R", ok, null, null, "y); DROP TABLE ADMIN.CANARY; --", null, null));
        refused("@params", () -> call("R", ok, null, null, null, "@n int = 1); " + DROP + "; --", null));
        refused("result set declaration", () -> call("R", ok, null, null, null, null, "((x int)); " + DROP));
    }

    @Test
    void throughNamesTheScriptChoosesForItsOutput() throws SQLException {
        // Column names come from the script's data.frame and end up in a table function's DDL.
        String evil = "x INT) LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA EXTERNAL NAME 'x'; "
                + DROP + "; --";
        try (CallableStatement cs = mallory.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, NULL, NULL,"
                + " NULL, NULL, NULL)")) {
            cs.setString(1, "d <- data.frame(v = 7L); names(d) <- '" + evil.replace("'", "\\'") + "'; OutputDataSet <- d");
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                assertEquals(evil, rs.getMetaData().getColumnName(1), "the name is data, quoted in the DDL");
                rs.next();
                assertEquals(7, rs.getInt(1));
            }
        }
    }

    @Test
    void throughTheSecurityProcedures() {
        refused("not a valid user or role name", () -> Sql.call(admin, "CALL SQLML.GRANT_PERMISSION("
                + "'EXECUTE ANY EXTERNAL SCRIPT', 'mallory; " + DROP + "')"));
        refused("is not a permission", () -> Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'mallory')",
                "SELECT ON CANARY"));
        refused("not a valid quoted identifier", () -> Sql.call(admin, "CALL SQLML.ADD_ROLE_MEMBER('SQLML_ADMIN', ?)",
                "\"MALLORY\" WITH ADMIN OPTION; " + DROP + "; --\""));
        refused("only administrators", () -> Sql.call(mallory, "CALL SQLML.ADD_ROLE_MEMBER('SQLML_ADMIN', 'mallory')"));
        refused("only administrators", () -> Sql.call(mallory, "CALL SQLML.CREATE_USER(?, 'password-123')",
                "x', 'y'); " + DROP + "; --"));
        refused("not a configuration option", () -> Sql.call(admin, "CALL SQLML.SP_CONFIGURE(?, 1)",
                "external scripts enabled'; " + DROP + "; --"));
    }

    private void batch(Connection c, String tsql) throws SQLException {
        new SqlSession(c).execute(tsql, new BatchOutput());
    }

    @Test
    void throughTheTsqlForms() {
        refused("Unknown external language", () -> batch(mallory, "EXEC sp_execute_external_script"
                + " @language = N'R''); " + DROP + "; --', @script = N'1'"));
        refused("there is no user or role named mallory; DROP", () -> batch(admin,
                "GRANT EXECUTE ANY EXTERNAL SCRIPT TO [mallory; " + DROP + "]"));
        refused("there is no user or role named", () -> batch(admin,
                "ALTER ROLE SQLML_ADMIN ADD MEMBER [MALLORY\" WITH ADMIN OPTION; " + DROP + "; --]"));
        refused("only administrators", () -> batch(mallory, "ALTER SERVER ROLE sysadmin ADD MEMBER mallory"));
        refused("only administrators", () -> batch(mallory, "EXEC sp_addrolemember 'db_owner', 'mallory'"));
        refused("only administrators", () -> batch(mallory, "CREATE LOGIN [x'', ''y''); " + DROP
                + "; --] WITH PASSWORD = 'password-123'"));
        refused("not a configuration option", () -> batch(admin, "EXEC sp_configure 'external scripts enabled'';"
                + " " + DROP + "; --', 1"));
        // T-SQL needs no semicolons: this is two statements, and the batch stops at the first refusal
        refused("may not drop users", () -> batch(mallory, "DROP USER mallory " + DROP));
    }
}
