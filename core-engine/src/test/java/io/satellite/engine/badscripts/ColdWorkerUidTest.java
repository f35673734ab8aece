package io.satellite.engine.badscripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import io.satellite.engine.launchpad.WorkerAccounts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A uid per worker for cold workers (no pool): each starts under setpriv with a uid of its own. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ColdWorkerUidTest {
    @TempDir
    static Path dir;

    @Test
    void coldWorkersGetAUidEachToo() throws Exception {
        WorkerAccounts accounts = WorkerAccounts.fromEnvironment(System.getenv());
        try (Engine cold = Engine.start(EngineOptions.fromEnvironment(dir.resolve("data"), System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(0).withWorkerLimits(BadScripts.LIMITS))) {
            try (Connection c = cold.connectAsAdmin(); Statement s = c.createStatement()) {
                s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
                s.execute("CALL SQLML.RECONFIGURE()");
            }
            assumeTrue(cold.launchpad().uidPerWorker().enforced(), cold.launchpad().uidPerWorker().toString());
            int before = accounts.inUse();
            CompletableFuture<List<String>> a = WorkerUidTest.runAsync(cold, "R", "Sys.sleep(2); OutputDataSet <- data.frame(u = system('id -u', intern = TRUE))");
            CompletableFuture<List<String>> p = WorkerUidTest.runAsync(cold, "Python", "import os, time, pandas as pd\ntime.sleep(2)\n"
                    + "OutputDataSet = pd.DataFrame({'u': [str(os.getuid())]})");
            String ua = a.get(60, TimeUnit.SECONDS).get(0);
            String up = p.get(60, TimeUnit.SECONDS).get(0);
            assertNotEquals(ua, up, "two concurrent cold workers");
            assertTrue(Integer.parseInt(ua) >= accounts.first() && Integer.parseInt(up) >= accounts.first(), ua + " " + up);
            assertEquals(before, WorkerUidTest.awaitInUseSettles(accounts, before), "the cold workers' uids went back");
            assertTrue(TestEngines.strayProcesses(cold).isEmpty(), "processes left: " + TestEngines.strayProcesses(cold));
        }
    }

}
