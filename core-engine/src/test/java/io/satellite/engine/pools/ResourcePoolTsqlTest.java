package io.satellite.engine.pools;

import static io.satellite.engine.pools.PoolEngines.fails;
import static io.satellite.engine.pools.PoolEngines.pool;
import static io.satellite.engine.pools.ResourcePoolCatalogTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.catalog.ResourcePools;
import io.satellite.engine.launchpad.ResourcePool;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementFailure;
import io.satellite.engine.sql.StatementListener;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Translation;
import io.satellite.engine.tsql.TsqlTranslator;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL Server's CREATE/ALTER/DROP EXTERNAL RESOURCE POOL, translated and run. */
class ResourcePoolTsqlTest {
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

    @Test
    void createTranslatesToABoundCall() {
        Translation t = TsqlTranslator.translate("CREATE EXTERNAL RESOURCE POOL ep_r WITH (MAX_CPU_PERCENT = 50,"
                + " MAX_MEMORY_PERCENT = 30, MAX_PROCESSES = 4, AFFINITY CPU = (0-1))");
        assertTrue(t.translated());
        assertEquals("CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL(?, ?, ?, ?, ?, ?, ?)", t.sql());
        assertEquals(Arrays.asList("ep_r", 50, 30, 4, "0-1", null, null), t.parameters());

        Translation bare = TsqlTranslator.translate("create external resource pool [my pool]");
        assertEquals(Arrays.asList("my pool", null, null, null, null, null, null), bare.parameters());
    }

    @Test
    void sqlServerSpellingsOfAffinityAndOptionsInAnyOrder() {
        assertEquals(Arrays.asList("p", null, null, null, "0-1", 30, 5), TsqlTranslator.translate(
                "ALTER EXTERNAL RESOURCE POOL p WITH (QUEUE_TIMEOUT_SECONDS = 5 AFFINITY CPU = (0 TO 1),"
                        + " MAX_DURATION_SECONDS = 30)").parameters());
        assertEquals("0,2", TsqlTranslator.translate(
                "ALTER EXTERNAL RESOURCE POOL p WITH (AFFINITY CPU = (0, 2))").parameters().get(4));
        assertEquals("0-1,3", TsqlTranslator.translate(
                "ALTER EXTERNAL RESOURCE POOL p WITH (affinity cpu = (0 to 1, 3))").parameters().get(4));
        assertEquals("AUTO", TsqlTranslator.translate(
                "ALTER EXTERNAL RESOURCE POOL \"default\" WITH (AFFINITY CPU = AUTO)").parameters().get(4));
        Translation drop = TsqlTranslator.translate("DROP EXTERNAL RESOURCE POOL ep_r");
        assertEquals("CALL SQLML.DROP_EXTERNAL_RESOURCE_POOL(?)", drop.sql());
        assertEquals(List.of("ep_r"), drop.parameters());
        Translation rg = TsqlTranslator.translate("ALTER RESOURCE GOVERNOR RECONFIGURE");
        assertEquals("CALL SQLML.RECONFIGURE()", rg.sql());
        assertEquals(List.of(), rg.parameters());
        assertEquals(-1, TsqlTranslator.translate(
                "ALTER EXTERNAL RESOURCE POOL p WITH (MAX_PROCESSES = -1)").parameters().get(3),
                "a negative value reaches the procedure, which names it");
    }

    @Test
    void badFormsAreRefusedNamingTheProblem() {
        assertSyntax("CREATE EXTERNAL RESOURCE POOL p WITH (MAX_CPU = 5)", "'MAX_CPU' is not an external resource pool option");
        assertSyntax("CREATE EXTERNAL RESOURCE POOL p WITH (MIN_CPU_PERCENT = 5)", "'MIN_CPU_PERCENT'");
        assertSyntax("ALTER EXTERNAL RESOURCE POOL p", "needs WITH");
        assertSyntax("ALTER EXTERNAL RESOURCE POOL p WITH (MAX_PROCESSES = 1, MAX_PROCESSES = 2)", "given twice");
        assertSyntax("ALTER EXTERNAL RESOURCE POOL p WITH (MAX_PROCESSES = many)", "MAX_PROCESSES must be a whole number");
        assertSyntax("ALTER EXTERNAL RESOURCE POOL p WITH (AFFINITY NUMANODE = (0))", "NUMANODE is not supported");
        assertSyntax("ALTER EXTERNAL RESOURCE POOL p WITH (AFFINITY CPU = (a))", "expected a CPU number");
        assertSyntax("DROP EXTERNAL RESOURCE POOL p, q", "unexpected ','");
        assertSyntax("ALTER RESOURCE GOVERNOR WITH (CLASSIFIER_FUNCTION = dbo.f)", "only ALTER RESOURCE GOVERNOR RECONFIGURE");
        assertFalse(TsqlTranslator.translate("CREATE TABLE EXTERNAL_T (A INT)").translated());
    }

    @Test
    void theBatchOfTheSqlServerDocsRuns() throws Exception {
        new SqlSession(admin).execute("""
                CREATE EXTERNAL RESOURCE POOL ep_r WITH (MAX_CPU_PERCENT = 50, MAX_MEMORY_PERCENT = 30,
                    MAX_PROCESSES = 4, AFFINITY CPU = (0-1));
                ALTER RESOURCE GOVERNOR RECONFIGURE;
                GO
                """, StatementListener.IGNORE);
        ResourcePool p = pool(admin, "ep_r");
        assertEquals(new ResourcePool("ep_r", 50, 30, 4, "0-1", 0, 60, p.created()), p);

        new SqlSession(admin).execute("ALTER EXTERNAL RESOURCE POOL ep_r WITH (MAX_PROCESSES = 2,"
                + " AFFINITY CPU = AUTO, QUEUE_TIMEOUT_SECONDS = 10, MAX_DURATION_SECONDS = 120)", StatementListener.IGNORE);
        assertEquals(new ResourcePool("ep_r", 50, 30, 2, null, 120, 10, p.created()), pool(admin, "ep_r"));

        StatementFailure bad = assertThrows(StatementFailure.class, () -> new SqlSession(admin).execute(
                "ALTER EXTERNAL RESOURCE POOL ep_r WITH (MAX_CPU_PERCENT = 0)", StatementListener.IGNORE));
        assertEquals("38S07", bad.getSQLState());
        assertMessage(bad, "MAX_CPU_PERCENT = 0");
        StatementFailure syntax = assertThrows(StatementFailure.class, () -> new SqlSession(admin).execute(
                "ALTER EXTERNAL RESOURCE POOL ep_r WITH (MAX_CPUS = 1)", StatementListener.IGNORE));
        assertEquals("42X01", syntax.getSQLState());
        assertMessage(syntax, "MAX_CPUS");

        new SqlSession(admin).execute("DROP EXTERNAL RESOURCE POOL ep_r", StatementListener.IGNORE);
        assertTrue(ResourcePools.find(admin, "ep_r").isEmpty());
        assertMessage(fails("38S07", () -> new SqlSession(admin).execute("DROP EXTERNAL RESOURCE POOL [default]",
                StatementListener.IGNORE)), "default external resource pool cannot be dropped");
    }

    private static void assertSyntax(String statement, String part) {
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> TsqlTranslator.translate(statement));
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
}
