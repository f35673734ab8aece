package io.satellite.engine.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A pool's AFFINITY and MAX_MEMORY_PERCENT, as a real R worker sees them in /proc. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoolLimitsTest {
    @TempDir
    static Path dir;
    private Engine engine;
    private Connection admin;
    private long share;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        admin = engine.connectAsAdmin();
        try (Statement s = admin.createStatement()) {
            s.execute("CALL SQLML.CREATE_EXTERNAL_RESOURCE_POOL('ep_narrow', NULL, 5, NULL, '0', NULL, NULL)");
            s.execute("CALL SQLML.CLASSIFY_EXTERNAL_POOL('admin', 'ep_narrow')");
        }
        long ram = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                ram = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        share = ram / 100 * 5 + (ram % 100) * 5 / 100;
    }

    @AfterAll
    void stop() throws Exception {
        admin.close();
        engine.close();
    }

    private String r(String script) throws SQLException {
        try (CallableStatement cs = admin.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, NULL, NULL,"
                + " NULL, NULL, NULL)")) {
            cs.setString(1, script);
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void theWorkerAndItsChildrenRunOnThePoolsCpus() throws Exception {
        String seen = r("own <- grep('Cpus_allowed_list', readLines('/proc/self/status'), value = TRUE)\n"
                + "child <- system('grep Cpus_allowed_list /proc/self/status', intern = TRUE)\n"
                + "OutputDataSet <- data.frame(x = paste(sub('.*:\\\\s*', '', own), sub('.*:\\\\s*', '', child)))");
        assertEquals("0 0", seen);
    }

    @Test
    void theWorkersAddressSpaceIsThePoolsShareOfMemory() throws Exception {
        String limit = r("l <- grep('Max address space', readLines('/proc/self/limits'), value = TRUE)\n"
                + "OutputDataSet <- data.frame(x = strsplit(trimws(sub('Max address space', '', l)), ' +')[[1]][1])");
        assertEquals(share, Long.parseLong(limit));
        SQLException e = assertThrows(SQLException.class,
                () -> r("x <- numeric(" + (share / 8 * 3 / 2) + "); OutputDataSet <- data.frame(n = length(x))"));
        assertEquals("38S01", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("cannot allocate") && e.getMessage().contains(
                "address space is limited to " + share / (1024 * 1024) + " MiB")
                || e.getMessage().contains("limited to " + share + " bytes"), e.getMessage());
        assertEquals("1", r("OutputDataSet <- data.frame(x = '1')"), "the next job of the pool runs");
    }
}
