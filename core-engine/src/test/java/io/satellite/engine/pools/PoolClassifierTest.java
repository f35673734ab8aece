package io.satellite.engine.pools;

import static io.satellite.engine.pools.PoolEngines.call;
import static io.satellite.engine.pools.PoolEngines.fails;
import static io.satellite.engine.pools.PoolEngines.sql;
import static io.satellite.engine.pools.ResourcePoolCatalogTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satellite.engine.Engine;
import io.satellite.engine.catalog.ResourcePools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Users and roles mapped to pools, and who may change pools. */
class PoolClassifierTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection admin;

    @BeforeAll
    static void start() throws Exception {
        engine = PoolEngines.start(dir.resolve("data"));
        admin = engine.connectAsAdmin();
        sql(admin, "CALL SYSCS_UTIL.SYSCS_CREATE_USER('BOB', 'pw')",
                "CALL SYSCS_UTIL.SYSCS_CREATE_USER('CAROL', 'pw')",
                "CALL SYSCS_UTIL.SYSCS_CREATE_USER('DAVE', 'pw')",
                "CREATE ROLE analysts", "CREATE ROLE batch_users", "CREATE ROLE everyone", "CREATE ROLE seniors",
                "GRANT analysts TO bob", "GRANT analysts TO carol", "GRANT batch_users TO carol",
                "GRANT analysts TO seniors", "GRANT seniors TO dave");
        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "ep_analysts", 50, 30, 4, null, null, null);
        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "ep_batch", 20, 10, 1, null, null, null);
        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "ep_bob", null, null, 1, null, null, null);
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        engine.close();
    }

    @BeforeEach
    void noMappings() throws SQLException {
        sql(admin, "DELETE FROM SQLML.EXTERNAL_POOL_CLASSIFIER");
    }

    @Test
    void unmappedUsersRunInTheDefaultPool() throws SQLException {
        assertEquals("default", ResourcePools.classify(admin, "BOB"));
        call(admin, "CLASSIFY_EXTERNAL_POOL", "bob", "ep_bob");
        assertEquals("default", ResourcePools.classify(admin, "CAROL"));
        assertEquals("default", ResourcePools.classify(admin, "ADMIN"));
    }

    @Test
    void aUserDirectlyAndThroughARole() throws SQLException {
        call(admin, "CLASSIFY_EXTERNAL_POOL", "analysts", "EP_ANALYSTS");
        assertEquals("ep_analysts", ResourcePools.classify(admin, "BOB"), "through the role");
        assertEquals("ep_analysts", ResourcePools.classify(admin, "DAVE"), "through a role of a role");
        call(admin, "CLASSIFY_EXTERNAL_POOL", "bob", "ep_bob");
        assertEquals("ep_bob", ResourcePools.classify(admin, "BOB"), "the user's own mapping comes first");
        assertEquals(List.of(List.of("ANALYSTS", "ep_analysts"), List.of("BOB", "ep_bob")), mappings(admin),
                "principals are stored as Derby stores identifiers; pools by their own name");

        call(admin, "CLASSIFY_EXTERNAL_POOL", "bob", "default");
        assertEquals("default", ResourcePools.classify(admin, "BOB"), "a user mapped to default leaves his roles'");
        call(admin, "CLASSIFY_EXTERNAL_POOL", "bob", null);
        assertEquals("ep_analysts", ResourcePools.classify(admin, "BOB"), "a NULL pool removes the mapping");
    }

    @Test
    void severalRolesTakeTheAlphabeticallyFirstPool() throws SQLException {
        call(admin, "CLASSIFY_EXTERNAL_POOL", "batch_users", "ep_batch");
        call(admin, "CLASSIFY_EXTERNAL_POOL", "analysts", "ep_analysts");
        assertEquals("ep_analysts", ResourcePools.classify(admin, "CAROL"));
        call(admin, "CLASSIFY_EXTERNAL_POOL", "analysts", "ep_bob");
        assertEquals("ep_batch", ResourcePools.classify(admin, "CAROL"));
    }

    @Test
    void aRoleGrantedToPublicCoversEveryone() throws SQLException {
        sql(admin, "GRANT everyone TO PUBLIC");
        try {
            call(admin, "CLASSIFY_EXTERNAL_POOL", "everyone", "ep_batch");
            assertEquals("ep_batch", ResourcePools.classify(admin, "DAVE"));
        } finally {
            sql(admin, "REVOKE everyone FROM PUBLIC");
        }
    }

    @Test
    void classifyingRefusesUnknownPrincipalsAndPools() throws SQLException {
        assertMessage(fails("38S07", () -> call(admin, "CLASSIFY_EXTERNAL_POOL", "nobody", "ep_bob")),
                "'NOBODY' is neither a user nor a role");
        assertMessage(fails("38S07", () -> call(admin, "CLASSIFY_EXTERNAL_POOL", "\"bob\"", "ep_bob")),
                "'bob' is neither");
        assertMessage(fails("38S07", () -> call(admin, "CLASSIFY_EXTERNAL_POOL", "bob", "ep_none")),
                "no external resource pool named 'ep_none'");
        assertEquals(List.of(), mappings(admin));
    }

    @Test
    void aPoolInUseCannotBeDroppedAndTheErrorNamesItsPrincipals() throws SQLException {
        call(admin, "CLASSIFY_EXTERNAL_POOL", "analysts", "ep_batch");
        call(admin, "CLASSIFY_EXTERNAL_POOL", "carol", "ep_batch");
        assertMessage(fails("38S07", () -> call(admin, "DROP_EXTERNAL_RESOURCE_POOL", "ep_batch")),
                "the classifier maps ANALYSTS, CAROL to it");
        call(admin, "CLASSIFY_EXTERNAL_POOL", "analysts", null);
        call(admin, "CLASSIFY_EXTERNAL_POOL", "carol", null);
        call(admin, "DROP_EXTERNAL_RESOURCE_POOL", "ep_batch");
        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "ep_batch", 20, 10, 1, null, null, null);
    }

    @Test
    void otherUsersMayReadButNotChangePools() throws SQLException {
        call(admin, "CLASSIFY_EXTERNAL_POOL", "analysts", "ep_analysts");
        try (Connection bob = engine.connect("BOB", "pw")) {
            assertEquals("ep_analysts", ResourcePools.classify(bob, "BOB"), "classify on the user's own connection");
            assertEquals(4, ResourcePools.load(bob).size());
            for (PoolEngines.Work w : List.<PoolEngines.Work>of(
                    () -> call(bob, "CREATE_EXTERNAL_RESOURCE_POOL", "mine", 100, 100, 0, null, null, null),
                    () -> call(bob, "ALTER_EXTERNAL_RESOURCE_POOL", "default", null, 100, null, null, null, null),
                    () -> call(bob, "DROP_EXTERNAL_RESOURCE_POOL", "ep_bob"),
                    () -> call(bob, "CLASSIFY_EXTERNAL_POOL", "bob", "ep_bob"))) {
                assertMessage(fails("38S11", w), "only administrators");
            }
            fails("42502", () -> sql(bob, "UPDATE SQLML.EXTERNAL_RESOURCE_POOLS SET MAX_MEMORY_PERCENT = 100"));
        }
        assertEquals(20, PoolEngines.pool(admin, "default").maxMemoryPercent());
        assertEquals(List.of(List.of("ANALYSTS", "ep_analysts")), mappings(admin));
    }

    private static List<List<String>> mappings(Connection c) throws SQLException {
        List<List<String>> rows = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT PRINCIPAL, POOL_NAME FROM SQLML.EXTERNAL_POOL_CLASSIFIER ORDER BY PRINCIPAL")) {
            while (rs.next()) {
                rows.add(List.of(rs.getString(1), rs.getString(2)));
            }
        }
        return rows;
    }
}
