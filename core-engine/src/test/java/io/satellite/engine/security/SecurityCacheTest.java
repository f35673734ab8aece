package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine keeps each caller's permission and pool decision between jobs: every change
 * that bears on it takes effect on the caller's very next job, on a connection that stays
 * open (real R jobs, real catalog changes, by procedure and in Derby's own SQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityCacheTest {
    private static final String PASSWORD = "password-1";
    private static final String PERMISSION = "EXECUTE ANY EXTERNAL SCRIPT";
    @TempDir
    static Path dir;
    private Engine engine;
    private Connection admin;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        admin = engine.connectAsAdmin();
        for (String user : List.of("bob", "carol", "dave")) {
            Sql.call(admin, "CALL SQLML.CREATE_USER(?, ?)", user, PASSWORD);
        }
        Sql.call(admin, "CALL SQLML.CREATE_ROLE('analysts')");
    }

    @AfterAll
    void stop() throws Exception {
        admin.close();
        engine.close();
    }

    @Test
    void revokeAndDenyTakeEffectOnTheVeryNextJob() throws Exception {
        try (Connection bob = engine.connect("bob", PASSWORD)) {
            Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'bob')", PERMISSION);
            runs(bob, "granted");
            runs(bob, "granted, a second time (the kept decision)");
            Sql.call(admin, "CALL SQLML.REVOKE_PERMISSION(?, 'bob')", PERMISSION);
            refused(bob, "does not have the " + PERMISSION + " permission", "after REVOKE");
            Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'bob')", PERMISSION);
            runs(bob, "granted again");
            Sql.call(admin, "CALL SQLML.DENY_PERMISSION(?, 'PUBLIC')", PERMISSION);
            refused(bob, "denied to user BOB through PUBLIC", "after DENY to PUBLIC");
            Sql.call(admin, "CALL SQLML.REVOKE_PERMISSION(?, 'PUBLIC')", PERMISSION);
            runs(bob, "the DENY revoked");
            Sql.call(admin, "CALL SQLML.DENY_PERMISSION(?, 'bob')", PERMISSION);
            refused(bob, "was denied to user BOB;", "after DENY to the user");
            Sql.call(admin, "CALL SQLML.REVOKE_PERMISSION(?, 'bob')", PERMISSION);
            refused(bob, "does not have the " + PERMISSION + " permission", "the DENY revoked, no GRANT left");
        }
    }

    @Test
    void callersAtOtherIsolationLevelsAreDecidedAfreshEveryTime() throws Exception {
        int[] levels = {Connection.TRANSACTION_READ_UNCOMMITTED, Connection.TRANSACTION_REPEATABLE_READ,
            Connection.TRANSACTION_SERIALIZABLE};
        for (int level : levels) {
            try (Connection bob = engine.connect("bob", PASSWORD)) {
                bob.setTransactionIsolation(level);
                Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'bob')", PERMISSION);
                runs(bob, "granted, isolation " + level);
                runs(bob, "granted, isolation " + level + ", again");
                Sql.call(admin, "CALL SQLML.REVOKE_PERMISSION(?, 'bob')", PERMISSION);
                refused(bob, "does not have the " + PERMISSION + " permission", "after REVOKE, isolation " + level);
            }
        }
    }

    @Test
    void roleMembershipTakesEffectOnTheVeryNextJobHoweverItIsChanged() throws Exception {
        Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'analysts')", PERMISSION);
        try (Connection carol = engine.connect("carol", PASSWORD); Statement owner = admin.createStatement()) {
            refused(carol, "does not have the " + PERMISSION + " permission", "not a member yet");
            Sql.call(admin, "CALL SQLML.ADD_ROLE_MEMBER('analysts', 'carol')");
            runs(carol, "a member of a granted role");
            Sql.call(admin, "CALL SQLML.DROP_ROLE_MEMBER('analysts', 'carol')");
            refused(carol, "does not have the " + PERMISSION + " permission", "after DROP_ROLE_MEMBER");
            // Derby's own role statements, typed by the database owner, go around the procedures
            owner.execute("GRANT ANALYSTS TO CAROL");
            runs(carol, "after GRANT analysts TO carol in Derby's SQL");
            owner.execute("REVOKE ANALYSTS FROM CAROL");
            refused(carol, "does not have the " + PERMISSION + " permission", "after REVOKE analysts FROM carol");
            owner.execute("GRANT ANALYSTS TO CAROL");
            runs(carol, "granted once more");
            Sql.call(admin, "CALL SQLML.ADD_ROLE_MEMBER('SQLML_ADMIN', 'carol')");
            Sql.call(admin, "CALL SQLML.DENY_PERMISSION(?, 'analysts')", PERMISSION);
            runs(carol, "an administrator, whatever is denied");
            Sql.call(admin, "CALL SQLML.DROP_ROLE_MEMBER('SQLML_ADMIN', 'carol')");
            refused(carol, "through role ANALYSTS", "no longer an administrator: the role's DENY holds");
        } finally {
            Sql.call(admin, "CALL SQLML.REVOKE_PERMISSION(?, 'analysts')", PERMISSION);
        }
    }

    @Test
    void aClassifierOrPoolChangeMovesTheNextJobToItsNewPool() throws Exception {
        Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'dave')", PERMISSION);
        Sql.call(admin, "CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_dave', NULL, NULL, NULL, NULL, NULL, NULL)");
        Sql.call(admin, "CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_team', NULL, NULL, NULL, NULL, NULL, NULL)");
        try (Connection dave = engine.connect("dave", PASSWORD); Statement owner = admin.createStatement()) {
            List<String> pools = new ArrayList<>();
            pools.add(poolOfNextJob(dave));
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('dave', 'ep_dave')");
            pools.add(poolOfNextJob(dave));
            Sql.call(admin, "CALL SQLML.ADD_ROLE_MEMBER('analysts', 'dave')");
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('analysts', 'ep_team')");
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('dave', NULL)");
            pools.add(poolOfNextJob(dave));
            owner.execute("DELETE FROM SQLML.EXTERNAL_POOL_CLASSIFIER WHERE PRINCIPAL = 'ANALYSTS'");
            pools.add(poolOfNextJob(dave));
            owner.execute("INSERT INTO SQLML.EXTERNAL_POOL_CLASSIFIER VALUES ('DAVE', 'ep_dave')");
            pools.add(poolOfNextJob(dave));
            owner.execute("DELETE FROM SQLML.EXTERNAL_POOL_CLASSIFIER WHERE PRINCIPAL = 'DAVE'");
            pools.add(poolOfNextJob(dave));
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('dave', 'ep_dave')");
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('dave', NULL)");
            Sql.call(admin, "CALL SQLML.DROP_EXTERNAL_RESOURCE_POOL('ep_dave')");
            Sql.call(admin, "CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('EP_DAVE', NULL, NULL, NULL, NULL, NULL, NULL)");
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('dave', 'ep_dave')");
            pools.add(poolOfNextJob(dave));
            assertEquals(List.of("default", "ep_dave", "ep_team", "default", "ep_dave", "default", "EP_DAVE"), pools,
                    "each job runs in the pool the classifier maps its user to at the time");
        } finally {
            Sql.call(admin, "CALL SQLML.CLASSIFY_EXTERNAL_POOL('dave', NULL)");
            Sql.call(admin, "CALL SQLML.DROP_ROLE_MEMBER('analysts', 'dave')");
        }
    }

    @Test
    void everyPermissionClassifierAndPoolChangeMovesTheSecurityVersionAndARollbackNeverBringsOneBack()
            throws Exception {
        List<String> changes = List.of(
                "CALL SQLML.GRANT_PERMISSION('" + PERMISSION + "', 'analysts')",
                "CALL SQLML.DENY_PERMISSION('" + PERMISSION + "', 'analysts')",
                "CALL SQLML.REVOKE_PERMISSION('" + PERMISSION + "', 'analysts')",
                "CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_v', NULL, NULL, NULL, NULL, NULL, NULL)",
                "CALL SQLML.ALTER_EXTERNAL_RESOURCE_POOL('ep_v', NULL, NULL, 3, NULL, NULL, NULL)",
                "CALL SQLML.CLASSIFY_EXTERNAL_POOL('analysts', 'ep_v')",
                "CALL SQLML.CLASSIFY_EXTERNAL_POOL('analysts', NULL)",
                "CALL SQLML.DROP_EXTERNAL_RESOURCE_POOL('ep_v')");
        long last = SecurityVersion.read(admin);
        for (String change : changes) {
            Sql.call(admin, change);
            long now = SecurityVersion.read(admin);
            assertTrue(now > last, change + " moves the version: " + last + " -> " + now);
            last = now;
        }
        admin.setAutoCommit(false);
        try {
            Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'analysts')", PERMISSION);
            long uncommitted = SecurityVersion.read(admin);
            admin.rollback();
            assertEquals(last, SecurityVersion.read(admin), "a rollback takes the change back");
            Sql.call(admin, "CALL SQLML.GRANT_PERMISSION(?, 'analysts')", PERMISSION);
            admin.commit();
            long committed = SecurityVersion.read(admin);
            assertTrue(committed > uncommitted, "the number of a rolled-back change is never used again: "
                    + uncommitted + " then " + committed);
        } finally {
            admin.rollback();
            admin.setAutoCommit(true);
            Sql.call(admin, "CALL SQLML.REVOKE_PERMISSION(?, 'analysts')", PERMISSION);
        }
    }

    private static void runs(Connection c, String when) {
        try {
            assertEquals(42, Sql.runScript(c), when);
        } catch (SQLException e) {
            throw new AssertionError("the job should run (" + when + ") but: " + e.getMessage(), e);
        }
    }

    private static void refused(Connection c, String reason, String when) {
        SQLException e = assertThrows(SQLException.class, () -> Sql.runScript(c), "the job should be refused " + when);
        assertEquals(Authorization.DENIED, e.getSQLState(), when + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), when + ": " + e.getMessage());
    }

    /** Runs a job and reads the pool its request ran in from the history. */
    private String poolOfNextJob(Connection c) throws SQLException {
        runs(c, "in its pool");
        engine.flushHistory();
        return (String) Sql.value(admin, "SELECT POOL_NAME FROM SQLML.EXTERNAL_SCRIPT_HISTORY"
                + " WHERE USER_NAME = 'DAVE' ORDER BY REQUEST_ID DESC FETCH FIRST 1 ROW ONLY");
    }
}
