package io.satellite.app.console.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.audit.AuditEntry;
import io.satellite.app.console.audit.AuditFilter;
import io.satellite.app.console.audit.AuditViewModel;
import io.satellite.app.console.jobs.HistoryFilter;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.engine.sql.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Resource pools and Audit views' logic on a real engine: create, alter, drop, refusals, the audit trail. */
class PoolsViewModelTest {
    @TempDir
    static Path tmp;
    static TestEngine engine;

    @BeforeAll
    static void boot() throws Exception {
        engine = new TestEngine(tmp);
        try (Connection c = engine.admin().openConnection()) {
            new SqlSession(c).execute("CREATE LOGIN bob WITH PASSWORD = 'bobs-password'", new io.satellite.engine.sql
                    .StatementListener() {
                @Override
                public void warning(SQLWarning w) {
                }

                @Override
                public void resultSet(ResultSet rs) {
                }

                @Override
                public void updateCount(long n) {
                }
            });
        }
    }

    @AfterAll
    static void shutdown() {
        engine.close();
    }

    private static PoolRow pool(PoolsViewModel vm, String name) {
        return vm.pools().stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    @Test
    void anAdministratorCreatesAltersAndDropsAPoolAndTheAuditShowsIt() throws Exception {
        PoolsViewModel vm = new PoolsViewModel(new SynchronousExecutor(), engine.admin());
        vm.refresh();
        assertTrue(pool(vm, "default") != null, vm.pools()::toString);
        vm.create(new PoolSettings("ep_test", "40", "25", "3"));
        assertEquals("", vm.errorProperty().get());
        PoolRow p = pool(vm, "ep_test");
        assertEquals(40, p.maxCpuPercent());
        assertEquals(25, p.maxMemoryPercent());
        assertEquals(3, p.maxProcesses());
        vm.alter(new PoolSettings("ep_test", "", "", "5"));
        assertEquals(5, pool(vm, "ep_test").maxProcesses());
        assertEquals(40, pool(vm, "ep_test").maxCpuPercent());
        vm.create(new PoolSettings("ep_test", "40", "", ""));
        assertFalse(vm.errorProperty().get().isEmpty(), "a second pool of the same name is refused");
        vm.drop(new PoolSettings("ep_test", "", "", ""));
        assertEquals(null, pool(vm, "ep_test"));
        assertEquals("Done: DROP EXTERNAL RESOURCE POOL ep_test", vm.messageProperty().get());

        AuditViewModel audit = new AuditViewModel(new SynchronousExecutor(), engine.admin());
        long deadline = System.currentTimeMillis() + 20_000;
        do {
            audit.refresh();
            Thread.sleep(200);
        } while (audit.events().stream().noneMatch(e -> "DROP ep_test".equals(e.detail()))
                && System.currentTimeMillis() < deadline);
        assertEquals(java.util.List.of("DROP ep_test", "CREATE ep_test: external resource pool 'ep_test' already exists;"
                + " change it with SQLML.ALTER_EXTERNAL_RESOURCE_POOL", "ALTER ep_test", "CREATE ep_test"),
                audit.events().stream().filter(e -> "ep_test".equals(e.object())).map(AuditEntry::detail).toList());
        assertTrue(audit.actions().contains("RESOURCE POOL"), audit.actions()::toString);
        audit.filterProperty().set(new AuditFilter("admin", "RESOURCE POOL", "FAILED", HistoryFilter.Range.LAST_HOUR));
        assertEquals(1, audit.events().size(), () -> audit.events().toString());
        assertTrue(audit.events().get(0).detail().startsWith("CREATE ep_test: "));
        audit.filterProperty().set(new AuditFilter("nobody", null, null, HistoryFilter.Range.ALL));
        assertTrue(audit.events().isEmpty());
        assertEquals("0 events", audit.messageProperty().get());

        Path file = tmp.resolve("audit.csv");
        audit.export(file.toString());
        assertTrue(Files.readString(file).contains("DROP ep_test"));
        assertTrue(audit.messageProperty().get().startsWith("Exported the audit log to "));
    }

    @Test
    void aUserWhoIsNotAdministratorIsRefusedInWords() throws Exception {
        try (ConsoleSession bob = engine.logins().login(engine.target(), "bob", "bobs-password")) {
            PoolsViewModel vm = new PoolsViewModel(new SynchronousExecutor(), bob);
            vm.create(new PoolSettings("ep_bob", "10", "", ""));
            assertTrue(vm.errorProperty().get().contains("38S11"), vm.errorProperty().get());
            vm.create(new PoolSettings("bad name", "10", "", ""));
            assertTrue(vm.errorProperty().get().startsWith("a pool name is"), vm.errorProperty().get());

            AuditViewModel audit = new AuditViewModel(new SynchronousExecutor(), bob);
            audit.refresh();
            assertTrue(audit.events().isEmpty());
            assertEquals("Only administrators (members of SQLML_ADMIN) may read the audit log.",
                    audit.messageProperty().get());
        }
    }
}
