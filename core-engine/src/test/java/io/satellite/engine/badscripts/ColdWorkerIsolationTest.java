package io.satellite.engine.badscripts;

import static io.satellite.engine.badscripts.BadScripts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satellite.engine.recovery.EngineProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold workers (no warm pool: each job starts its runtime in a sandbox of its own) get what a
 * forked worker gets: a session keyring of their own, not the engine's, and a writable
 * /dev/shm of their own, so a script that runs warm also runs when the pool is empty. The
 * engine runs in a child JVM holding a named session keyring, as in a login session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ColdWorkerIsolationTest {
    @TempDir
    static Path dir;
    EngineProcess engine;

    @BeforeAll
    void start() throws Exception {
        engine = EngineProcess.startHoldingKeyring(dir.resolve("data"), 0);
    }

    @AfterAll
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aColdJobDoesNotHoldTheEnginesSessionKeyring() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            BadScripts.assertJobsHoldKeyringsOfTheirOwn(c);
        }
    }

    /** multiprocessing keeps its semaphores in /dev/shm, and hands the script's own function to its processes. */
    @Test
    void pythonMultiprocessingWorksInAColdJob() throws Exception {
        try (Connection c = engine.connectAsAdmin()) {
            assertEquals(List.of("14"), run(c, "Python", "import multiprocessing\nimport pandas as pd\n"
                    + "def square(x):\n    return x * x\n"
                    + "with multiprocessing.Pool(2) as p:\n    n = sum(p.map(square, [1, 2, 3]))\n"
                    + "OutputDataSet = pd.DataFrame({'n': [str(n)]})"));
        }
    }
}
