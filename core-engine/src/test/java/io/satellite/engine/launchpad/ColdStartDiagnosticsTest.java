package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.launchpad.sandbox.BubblewrapSandbox;
import io.satellite.engine.launchpad.sandbox.IsolationFeature;
import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import io.satellite.engine.launchpad.sandbox.Sandbox;
import io.satellite.engine.launchpad.sandbox.SandboxSpec;
import io.satellite.engine.launchpad.sandbox.UnshareSandbox;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold launchpad's "other jobs out of reach" line says what its sandbox really does: under
 * bubblewrap a cold worker sees no job directory but its own; under the unshare fallback it
 * sees the host's jobs directory, and only a uid per worker keeps the other jobs' out of reach.
 */
class ColdStartDiagnosticsTest {
    @TempDir
    Path dir;

    private IsolationFeature otherJobs(String name, Sandbox sandbox, WorkerAccounts uids) throws Exception {
        Confinement c = new Confinement(sandbox, List.of(), List.of(), ResourceLimits.defaults(), SandboxSpec.NOBODY, false, uids);
        ColdStartLaunchpad cold = new ColdStartLaunchpad(dir.resolve(name).resolve("jobs"), List.of(), c);
        try {
            return cold.otherJobsOutOfReach();
        } finally {
            cold.close();
        }
    }

    @Test
    void underBubblewrapTheOnlyJobDirectoryIsAWorkersOwn() throws Exception {
        IsolationFeature f = otherJobs("bwrap", new BubblewrapSandbox("/usr/bin/bwrap"), null);
        assertTrue(f.enforced() && f.detail().contains("only job directory is its own"), f.toString());
    }

    @Test
    void underUnshareWorkersThatShareAUidAreNotKeptApart() throws Exception {
        IsolationFeature f = otherJobs("shared", new UnshareSandbox("/usr/bin/unshare"), null);
        assertFalse(f.enforced(), f.toString());
        assertTrue(f.detail().contains("the host's directories") && f.detail().contains("install bubblewrap"), f.toString());
    }

    @Test
    void underUnshareAUidPerWorkerKeepsTheOtherJobsOutOfReach() throws Exception {
        WorkerAccounts uids = WorkerAccounts.fromEnvironment(System.getenv());
        Confinement c = new Confinement(new UnshareSandbox("/usr/bin/unshare"), List.of(), List.of(), ResourceLimits.defaults(),
                SandboxSpec.NOBODY, false, uids);
        assumeTrue(c.uidPerWorker(), c.whyNoUidPerWorker());
        IsolationFeature f = otherJobs("own", new UnshareSandbox("/usr/bin/unshare"), uids);
        assertTrue(f.enforced() && f.detail().contains("mode 0700 of its own worker's uid"), f.toString());
    }
}
