package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import io.satellite.engine.sql.BatchOutput;
import io.satellite.engine.sql.SqlSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DBA's security work in T-SQL, as SQL Server users write it: logins, roles, members,
 * EXECUTE ANY EXTERNAL SCRIPT, passwords; and the audit log that records all of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsersRolesAndAuditTest {
    private static final String FIRST_PASSWORD = "analyst-pw-1";
    private static final String SECOND_PASSWORD = "second-pw-22";
    private static final String SCRIPT = "OutputDataSet <- data.frame(n = nrow(InputDataSet))";
    @TempDir
    static Path dir;
    private Engine engine;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    private static void batch(Connection c, String tsql) throws SQLException {
        new SqlSession(c).execute(tsql, new BatchOutput());
    }

    @Test
    @Order(1)
    void aDbaSetsUpAnAnalystInTsql() throws Exception {
        try (Connection admin = engine.connectAsAdmin()) {
            batch(admin, """
                    CREATE LOGIN analyst WITH PASSWORD = N'%s', CHECK_POLICY = OFF;
                    CREATE USER analyst FOR LOGIN analyst;
                    CREATE ROLE data_scientists;
                    ALTER ROLE data_scientists ADD MEMBER analyst;
                    GRANT EXECUTE ANY EXTERNAL SCRIPT TO data_scientists;
                    EXEC sp_addrolemember 'rpkgs-users', 'analyst';
                    CREATE LOGIN intern WITH PASSWORD = 'intern-pw-1';
                    """.formatted(FIRST_PASSWORD));
        }
        try (Connection analyst = engine.connect("analyst", FIRST_PASSWORD)) {
            try (var cs = analyst.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?,"
                    + " 'SELECT TABLENAME FROM SYS.SYSTABLES', NULL, NULL, NULL, NULL)")) {
                cs.setString(1, SCRIPT);
                assertTrue(cs.execute());
                try (ResultSet rs = cs.getResultSet()) {
                    assertTrue(rs.next());
                    assertTrue(rs.getInt(1) > 10);
                }
            }
            assertEquals(1, ((Number) Sql.value(analyst, "VALUES SQLML.HAS_PERMISSION('USE PACKAGES')")).intValue());
        }
        try (Connection intern = engine.connect("intern", "intern-pw-1")) {
            SQLException e = assertThrows(SQLException.class, () -> Sql.runScript(intern));
            Sql.assertRefusal(e, "GRANT EXECUTE ANY EXTERNAL SCRIPT TO INTERN");
            Sql.assertRefusal(assertThrows(SQLException.class, () -> batch(intern,
                    "GRANT EXECUTE ANY EXTERNAL SCRIPT TO intern")), "only administrators");
            Sql.assertRefusal(assertThrows(SQLException.class, () -> batch(intern,
                    "ALTER LOGIN analyst WITH PASSWORD = 'hijacked-pw'")), "change another user's password");
            Sql.assertRefusal(assertThrows(SQLException.class, () -> batch(intern,
                    "CREATE USER analyst FOR LOGIN analyst")), "only administrators");
        }
    }

    @Test
    @Order(2)
    void usersChangeTheirOwnPasswordAndTheOldOneStopsWorking() throws Exception {
        try (Connection analyst = engine.connect("analyst", FIRST_PASSWORD)) {
            batch(analyst, "ALTER LOGIN analyst WITH PASSWORD = '" + SECOND_PASSWORD + "'");
        }
        SQLException old = assertThrows(SQLException.class, () -> engine.connect("analyst", FIRST_PASSWORD));
        assertEquals("08004", old.getSQLState());
        engine.connect("analyst", SECOND_PASSWORD).close();
        try (Connection admin = engine.connectAsAdmin()) {
            SQLException shortPw = assertThrows(SQLException.class,
                    () -> batch(admin, "ALTER LOGIN analyst WITH PASSWORD = 'short'"));
            assertTrue(Sql.messages(shortPw).contains("at least 8 characters"), Sql.messages(shortPw));
            // Derby keeps only a salted hash, which not even the owner may read.
            SQLException hidden = assertThrows(SQLException.class,
                    () -> Sql.value(admin, "SELECT PASSWORD FROM SYS.SYSUSERS WHERE USERNAME = 'ANALYST'"));
            assertTrue(hidden.getMessage().contains("No one can view"), hidden.getMessage());
        }
    }

    @Test
    @Order(3)
    void denyWinsOverARolesGrantUntilRevoked() throws Exception {
        try (Connection admin = engine.connectAsAdmin()) {
            batch(admin, "DENY EXECUTE ANY EXTERNAL SCRIPT TO analyst");
            try (Connection analyst = engine.connect("analyst", SECOND_PASSWORD)) {
                Sql.assertRefusal(assertThrows(SQLException.class, () -> Sql.runScript(analyst)), "DENY wins");
            }
            batch(admin, "REVOKE EXECUTE ANY EXTERNAL SCRIPT FROM analyst");
            try (Connection analyst = engine.connect("analyst", SECOND_PASSWORD)) {
                assertEquals(42, Sql.runScript(analyst));
            }
            batch(admin, "DENY EXECUTE ANY EXTERNAL SCRIPT TO PUBLIC");
            try (Connection analyst = engine.connect("analyst", SECOND_PASSWORD)) {
                Sql.assertRefusal(assertThrows(SQLException.class, () -> Sql.runScript(analyst)), "through PUBLIC");
            }
            assertEquals(42, Sql.runScript(admin), "administrators are not subject to DENY");
            batch(admin, "REVOKE EXECUTE ANY EXTERNAL SCRIPT FROM PUBLIC");
            List<List<Object>> perms = Sql.rows(admin, "SELECT PRINCIPAL, STATE_DESC FROM SQLML.PERMISSIONS");
            assertEquals(List.of(List.of("DATA_SCIENTISTS", "GRANT")), perms);
        }
    }

    @Test
    @Order(4)
    void theAuditLogRecordsWhoDidWhatButNoPassword() throws Exception {
        assertThrows(SQLException.class, () -> engine.connect("analyst", "wrong-password"));
        engine.flushHistory();
        try (Connection admin = engine.connectAsAdmin()) {
            List<List<Object>> events = Sql.rows(admin, "SELECT PRINCIPAL, ACTION, OBJECT_NAME, OUTCOME"
                    + " FROM SQLML.AUDIT ORDER BY AUDIT_ID");
            List<String> lines = events.stream().map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3))
                    .toList();
            for (String expected : List.of("ADMIN CREATE USER ANALYST SUCCEEDED", "ADMIN CREATE ROLE DATA_SCIENTISTS"
                    + " SUCCEEDED", "ADMIN ADD ROLE MEMBER DATA_SCIENTISTS SUCCEEDED", "ADMIN GRANT DATA_SCIENTISTS"
                    + " SUCCEEDED", "ADMIN ADD ROLE MEMBER RPKGS_USERS SUCCEEDED", "INTERN GRANT INTERN DENIED",
                    "INTERN CHANGE PASSWORD ANALYST DENIED", "ANALYST CHANGE PASSWORD ANALYST SUCCEEDED",
                    "ADMIN CHANGE PASSWORD ANALYST FAILED", "ADMIN DENY ANALYST SUCCEEDED",
                    "ADMIN REVOKE PUBLIC SUCCEEDED", "ANALYST EXECUTE EXTERNAL SCRIPT R SUCCEEDED",
                    "INTERN EXECUTE EXTERNAL SCRIPT R DENIED", "ANALYST EXECUTE EXTERNAL SCRIPT R DENIED",
                    "analyst LOGIN FAILED null DENIED", "ADMIN CONFIGURE external scripts enabled SUCCEEDED",
                    "ADMIN RECONFIGURE null SUCCEEDED")) {
                assertTrue(lines.contains(expected), expected + " not in " + lines);
            }
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(SCRIPT.getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, ((Number) Sql.value(admin, "SELECT COUNT(*) FROM SQLML.AUDIT WHERE SCRIPT_HASH = ?"
                    + " AND SCRIPT = ? AND INPUT_QUERY = 'SELECT TABLENAME FROM SYS.SYSTABLES' AND POOL_NAME = 'default'",
                    hash, SCRIPT)).intValue());
            for (List<Object> row : Sql.rows(admin, "SELECT * FROM SQLML.AUDIT")) {
                for (Object v : row) {
                    String text = String.valueOf(v);
                    for (String pw : List.of(FIRST_PASSWORD, SECOND_PASSWORD, "intern-pw-1", "hijacked-pw", "short'")) {
                        assertFalse(text.contains(pw), "the audit log holds a password: " + row);
                    }
                }
            }
        }
    }

    @Test
    @Order(5)
    void onlyAdministratorsReadTheAuditLogAndNobodyChangesIt() throws Exception {
        try (Connection analyst = engine.connect("analyst", SECOND_PASSWORD)) {
            assertEquals(0, ((Number) Sql.value(analyst, "SELECT COUNT(*) FROM SQLML.AUDIT")).intValue());
            SQLException e = assertThrows(SQLException.class, () -> Sql.rows(analyst, "SELECT * FROM SQLML.AUDIT_LOG"));
            assertEquals("42502", e.getSQLState(), e.getMessage());
            e = assertThrows(SQLException.class, () -> Sql.call(analyst, "DELETE FROM SQLML.AUDIT_LOG"));
            assertEquals("42500", e.getSQLState(), e.getMessage());
            Sql.assertRefusal(assertThrows(SQLException.class,
                    () -> Sql.call(analyst, "CALL SQLML.EXPORT_AUDIT('/tmp/x.csv')")), "only administrators");
        }
        engine.flushHistory(); // the refusals above are being written
        try (Connection admin = engine.connectAsAdmin()) {
            long before = ((Number) Sql.value(admin, "SELECT COUNT(*) FROM SQLML.AUDIT_LOG")).longValue();
            Sql.assertRefusal(assertThrows(SQLException.class, () -> Sql.call(admin, "DELETE FROM SQLML.AUDIT_LOG")),
                    "append-only");
            Sql.assertRefusal(assertThrows(SQLException.class,
                    () -> Sql.call(admin, "UPDATE SQLML.AUDIT_LOG SET OUTCOME = 'SUCCEEDED'")), "append-only");
            SQLException truncate = assertThrows(SQLException.class,
                    () -> Sql.call(admin, "TRUNCATE TABLE SQLML.AUDIT_LOG"));
            assertEquals("XCL49", truncate.getSQLState(), truncate.getMessage());
            assertEquals(before, ((Number) Sql.value(admin, "SELECT COUNT(*) FROM SQLML.AUDIT_LOG")).longValue());

            Path export = dir.resolve("audit.csv");
            Sql.call(admin, "CALL SQLML.EXPORT_AUDIT(?)", export.toString());
            String csv = Files.readString(export);
            assertTrue(csv.contains("\"CREATE USER\",\"ANALYST\",\"SUCCEEDED\""), csv);
            assertTrue(csv.lines().count() >= before, csv);
        }
    }

    @Test
    @Order(6)
    void droppingAUserEndsTheirLoginsAndGrants() throws Exception {
        try (Connection admin = engine.connectAsAdmin()) {
            batch(admin, "GRANT EXECUTE ANY EXTERNAL SCRIPT TO intern; DROP LOGIN intern");
            SQLException e = assertThrows(SQLException.class, () -> engine.connect("intern", "intern-pw-1"));
            assertEquals("08004", e.getSQLState());
            assertEquals(0, ((Number) Sql.value(admin,
                    "SELECT COUNT(*) FROM SQLML.PERMISSIONS WHERE PRINCIPAL = 'INTERN'")).intValue());
            SQLException self = assertThrows(SQLException.class, () -> batch(admin, "DROP USER admin"));
            assertTrue(Sql.messages(self).contains("cannot be dropped"), Sql.messages(self));
            SQLException builtIn = assertThrows(SQLException.class, () -> batch(admin, "DROP ROLE rpkgs_shared"));
            assertTrue(Sql.messages(builtIn).contains("cannot be dropped"), Sql.messages(builtIn));
            // a role named like SQL Server's sysadmin would make ALTER ROLE sysadmin ADD MEMBER ambiguous
            SQLException alias = assertThrows(SQLException.class, () -> batch(admin, "CREATE ROLE sysadmin"));
            assertTrue(Sql.messages(alias).contains("SQL Server's name of Satellite's role SQLML_ADMIN"),
                    Sql.messages(alias));
        }
    }
}
