package io.satellite.engine.pools;

import static io.satellite.engine.pools.PoolEngines.call;
import static io.satellite.engine.pools.PoolEngines.fails;
import static io.satellite.engine.pools.PoolEngines.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.catalog.ResourcePools;
import io.satellite.engine.launchpad.ResourcePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pools through their CALL forms, on a real engine. */
class ResourcePoolCatalogTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection admin;

    @BeforeAll
    static void start() throws Exception {
        engine = PoolEngines.start(dir.resolve("data"));
        admin = engine.connectAsAdmin();
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        engine.close();
    }

    @AfterEach
    void dropCreatedPools() throws SQLException {
        PoolEngines.sql(admin, "DELETE FROM SQLML.EXTERNAL_POOL_CLASSIFIER");
        for (ResourcePool p : ResourcePools.load(admin)) {
            if (!p.isDefault()) {
                call(admin, "DROP_EXTERNAL_RESOURCE_POOL", p.name());
            }
        }
    }

    @Test
    void defaultPoolIsSqlServers() throws SQLException {
        ResourcePool d = pool(admin, "default");
        assertEquals(new ResourcePool("default", 100, 20, 0, null, 0, 60, d.created()), d);
        assertNotNull(d.created());
        assertEquals(List.of("default"), ResourcePools.load(admin).stream().map(ResourcePool::name).toList());
        assertEquals(1_600_000_000L, d.maxMemoryBytes(8_000_000_000L));
        assertEquals(List.of(), d.cpus());
    }

    @Test
    void createWithDefaultsAlterSomeDrop() throws SQLException {
        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "ep_r", null, null, null, null, null, null);
        assertEquals(new ResourcePool("ep_r", 100, 100, 0, null, 0, 60, pool(admin, "ep_r").created()),
                pool(admin, "ep_r"));

        call(admin, "ALTER_EXTERNAL_RESOURCE_POOL", "EP_R", 50, null, 4, "1, 0", null, 5);
        ResourcePool altered = pool(admin, "ep_r");
        assertEquals(new ResourcePool("ep_r", 50, 100, 4, "0-1", 0, 5, altered.created()), altered,
                "NULL leaves an option unchanged; the name compares without case; affinity canonical");
        assertEquals(List.of(0, 1), altered.cpus());

        call(admin, "ALTER_EXTERNAL_RESOURCE_POOL", "ep_r", null, 30, null, "auto", 600, null);
        assertEquals(new ResourcePool("ep_r", 50, 30, 4, null, 600, 5, altered.created()), pool(admin, "ep_r"));

        call(admin, "DROP_EXTERNAL_RESOURCE_POOL", "ep_r");
        assertTrue(ResourcePools.find(admin, "ep_r").isEmpty());
    }

    @Test
    void createWithEveryOption() throws SQLException {
        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "batch", 25, 10, 2, "0", 3600, 0);
        ResourcePool p = pool(admin, "batch");
        assertEquals(new ResourcePool("batch", 25, 10, 2, "0", 3600, 0, p.created()), p);
        assertEquals(100_000_000L, p.maxMemoryBytes(1_000_000_000L));
        assertEquals(3600, p.maxDuration().orElseThrow().toSeconds());
        assertEquals(List.of("batch", "default"), ResourcePools.load(admin).stream().map(ResourcePool::name).toList());
    }

    @Test
    void defaultPoolCanBeAlteredNotDropped() throws SQLException {
        call(admin, "ALTER_EXTERNAL_RESOURCE_POOL", "default", null, 25, null, null, null, null);
        assertEquals(25, pool(admin, "default").maxMemoryPercent());
        SQLException e = fails("38S07", () -> call(admin, "DROP_EXTERNAL_RESOURCE_POOL", "default"));
        assertTrue(e.getMessage().contains("default"), e.getMessage());
        call(admin, "ALTER_EXTERNAL_RESOURCE_POOL", "default", null, 20, null, null, null, null);
    }

    @Test
    void duplicatesAndUnknownPoolsAreRefused() {
        assertMessage(fails("38S07", () -> call(admin, "CREATE_EXTERNAL_RESOURCE_POOL",
                "DEFAULT", null, null, null, null, null, null)), "'default' already exists");
        assertMessage(fails("38S07", () -> call(admin, "ALTER_EXTERNAL_RESOURCE_POOL",
                "nope", 10, null, null, null, null, null)), "no external resource pool named 'nope'");
        assertMessage(fails("38S07", () -> call(admin, "DROP_EXTERNAL_RESOURCE_POOL", "nope")), "'nope'");
        assertMessage(fails("38S07", () -> call(admin, "CREATE_EXTERNAL_RESOURCE_POOL",
                " ", null, null, null, null, null, null)), "needs a name");
    }

    @Test
    void badValuesAreRefusedByName() throws SQLException {
        assertMessage(create("MAX_CPU_PERCENT", 0, null, null, null, null, null), "MAX_CPU_PERCENT = 0");
        assertMessage(create("MAX_CPU_PERCENT", 101, null, null, null, null, null), "MAX_CPU_PERCENT = 101");
        assertMessage(create("MAX_MEMORY_PERCENT", null, 150, null, null, null, null), "MAX_MEMORY_PERCENT = 150");
        assertMessage(create("MAX_PROCESSES", null, null, -1, null, null, null), "MAX_PROCESSES = -1");
        assertMessage(create("MAX_DURATION_SECONDS", null, null, null, null, -3, null), "MAX_DURATION_SECONDS = -3");
        assertMessage(create("QUEUE_TIMEOUT_SECONDS", null, null, null, null, null, -5), "QUEUE_TIMEOUT_SECONDS = -5");
        assertMessage(create("AFFINITY", null, null, null, "zero", null, null), "'zero'");
        assertMessage(create("AFFINITY", null, null, null, "1-0", null, null), "'1-0'");
        assertMessage(create("AFFINITY", null, null, null, "0,,1", null, null), "AFFINITY '0,,1'");
        int cpus = Runtime.getRuntime().availableProcessors();
        assertMessage(create("AFFINITY", null, null, null, "0-" + cpus, null, null), "CPU " + cpus + " does not exist");
        assertEquals(List.of("default"), ResourcePools.load(admin).stream().map(ResourcePool::name).toList(),
                "nothing was created");

        call(admin, "CREATE_EXTERNAL_RESOURCE_POOL", "ok", null, null, 1, null, null, null);
        assertMessage(fails("38S07", () -> call(admin, "ALTER_EXTERNAL_RESOURCE_POOL",
                "ok", null, 0, null, null, null, null)), "MAX_MEMORY_PERCENT = 0");
        assertEquals(1, pool(admin, "ok").maxProcesses(), "a refused ALTER changes nothing");
    }

    @Test
    void affinityParsing() {
        assertEquals(List.of(0, 1, 3), ResourcePool.parseAffinity("0-1, 3", 4));
        assertEquals(List.of(0, 1, 2), ResourcePool.parseAffinity("0 TO 2", 4));
        assertEquals("0-2,5,7-8", ResourcePool.formatAffinity(List.of(0, 1, 2, 5, 7, 8)));
        assertNull(new ResourcePool("p", 1, 1, 0, null, 0, 0, null).maxDuration().orElse(null));
        assertFalse(new ResourcePool("p", 1, 1, 0, null, 0, 0, null).limitsProcesses());
    }

    private static SQLException create(String what, Integer cpu, Integer memory, Integer processes, String affinity,
                                       Integer duration, Integer queue) {
        return fails("38S07", () -> call(admin, "CREATE_EXTERNAL_RESOURCE_POOL",
                "bad_" + what, cpu, memory, processes, affinity, duration, queue));
    }

    static void assertMessage(SQLException e, String part) {
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
}
