package io.satellite.app.console.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    @Test
    void makesTheStatementsADbaWouldType() {
        assertEquals("CREATE EXTERNAL RESOURCE POOL ep_a WITH (MAX_CPU_PERCENT = 50, MAX_PROCESSES = 4)",
                new PoolSettings(" ep_a ", "50", "", "4").statement(true));
        assertEquals("ALTER EXTERNAL RESOURCE POOL ep_a WITH (MAX_MEMORY_PERCENT = 30)",
                new PoolSettings("ep_a", null, "30", " ").statement(false));
        assertEquals("CREATE EXTERNAL RESOURCE POOL ep_a", new PoolSettings("ep_a", "", "", "").statement(true));
        assertEquals("DROP EXTERNAL RESOURCE POOL ep_a", new PoolSettings("ep_a", "", "", "").dropStatement());
    }

    @Test
    void refusesWhatIsNotANameOrANumberBeforeAnySql() {
        assertEquals("a pool name is letters, digits and _, starting with a letter or _: 'x; DROP TABLE t'",
                assertThrows(IllegalArgumentException.class,
                        () -> new PoolSettings("x; DROP TABLE t", "1", "", "").statement(true)).getMessage());
        assertEquals("MAX_CPU_PERCENT must be a whole number: '50%'", assertThrows(IllegalArgumentException.class,
                () -> new PoolSettings("ep", "50%", "", "").statement(true)).getMessage());
        assertEquals("give at least one limit to change", assertThrows(IllegalArgumentException.class,
                () -> new PoolSettings("ep", "", "", "").statement(false)).getMessage());
    }
}
