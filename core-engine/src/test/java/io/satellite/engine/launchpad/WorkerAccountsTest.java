package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The leases of worker uids, with real processes running as them (needs a root engine, as
 * the feature does): two live leases never share a uid, a released uid's processes are all
 * killed before it is handed out again, and a uid that still has processes is skipped.
 */
@Timeout(60)
class WorkerAccountsTest {
    @BeforeEach
    void root() {
        assumeTrue("root".equals(System.getProperty("user.name")), "worker uids need a root engine");
    }

    @Test
    void liveLeasesNeverShareAUidAndTheRangeRunsOutClearly() throws Exception {
        WorkerAccounts accounts = WorkerAccounts.range(1_651_000, 3);
        try {
            Set<Integer> leased = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(leased.add(accounts.lease()), "a uid leased twice: " + leased);
            }
            assertEquals(Set.of(1_651_000, 1_651_001, 1_651_002), leased);
            IOException e = assertThrows(IOException.class, accounts::lease);
            assertTrue(e.getMessage().contains("no free worker uid: all 3 uids from 1651000 are in use"), e.getMessage());

            Process worker = runAs(1_651_001);
            ProcessHandle child = awaitChildOf(worker);
            accounts.release(1_651_001);
            assertTrue(worker.waitFor(5, TimeUnit.SECONDS), "the released uid's process was killed");
            assertTrue(child.onExit().get(5, TimeUnit.SECONDS) != null, "and its child too");
            long helper = accounts.helperPid().orElseThrow();
            for (int field = 1; field <= 4; field++) { // the helper that killed them took root back, real uid too
                awaitUid(ProcessHandle.of(helper).orElseThrow(), 0, field);
            }
            assertEquals(1_651_001, accounts.lease(), "the one free uid is handed out again");
            assertEquals(3, accounts.inUse());
            leased.forEach(accounts::release);
            assertEquals(0, accounts.inUse());
            assertEquals(helper, accounts.helperPid().orElseThrow(), "one helper served every release");
        } finally { // a failed assertion must not leave the helper behind for the next tests
            for (int uid = 1_651_000; uid < 1_651_003; uid++) {
                accounts.release(uid);
            }
            accounts.closeHelperIfIdle();
        }
    }

    @Test
    void aReleasedUidGoesToTheBackAndOneInUseAtStartIsSkippedWhileBusy() throws Exception {
        // a process of a uid of the range that no lease knows of (a leftover, another tool)
        Process stranger = new ProcessBuilder(List.of("setpriv", "--reuid=1652002", "--regid=1652002",
                "--clear-groups", "sleep", "60")).start();
        WorkerAccounts accounts = WorkerAccounts.range(1_652_000, 3);
        try {
            awaitUid(stranger, 1_652_002); // setpriv switches a moment after the start
            int first = accounts.lease(); // the accounts look at the host's processes now
            assertEquals(1_652_000, first);
            accounts.release(first);
            assertEquals(1_652_001, accounts.lease(), "a released uid is reused as late as possible");
            assertEquals(1_652_000, accounts.lease(), "the busy uid 1652002 is skipped");
            assertThrows(IOException.class, accounts::lease, "1652002 is still busy");

            stranger.destroyForcibly();
            stranger.waitFor(5, TimeUnit.SECONDS);
            int again = -1;
            for (int i = 0; i < 50 && again < 0; i++) { // until the killed stranger is gone
                try {
                    again = accounts.lease();
                } catch (IOException busy) {
                    Thread.sleep(100);
                }
            }
            assertEquals(1_652_002, again, "free again once its processes are gone");
        } finally {
            stranger.destroyForcibly();
            stranger.waitFor(5, TimeUnit.SECONDS);
            for (int uid = 1_652_000; uid < 1_652_003; uid++) {
                accounts.release(uid);
            }
            accounts.closeHelperIfIdle();
        }
    }

    @Test
    void aUidAnotherEngineOfTheHostHoldsIsSkipped() throws Exception {
        assumeTrue(WorkerUidClaims.at(WorkerUidClaims.DEFAULT_FILE).hostWide(), "no root-only /run/satellite here");
        // another engine: another process with an fcntl lock on the uid's byte of the claims file
        Process otherEngine = new ProcessBuilder(List.of("python3", "-c", "import fcntl, os, sys, time\n"
                + "fd = os.open(sys.argv[1], os.O_RDWR)\n"
                + "fcntl.lockf(fd, fcntl.LOCK_EX, 1, 1653001)\n"
                + "print('held', flush=True)\n"
                + "time.sleep(60)\n", WorkerUidClaims.DEFAULT_FILE.toString())).start();
        WorkerAccounts accounts = WorkerAccounts.range(1_653_000, 3);
        try {
            String said = new java.io.BufferedReader(new java.io.InputStreamReader(otherEngine.getInputStream())).readLine();
            assertEquals("held", said, "the other engine's claim");
            assertEquals(1_653_000, accounts.lease());
            assertEquals(1_653_002, accounts.lease(), "1653001 is the other engine's");
            assertThrows(IOException.class, accounts::lease, "1653001 is still the other engine's");
            otherEngine.destroyForcibly();
            otherEngine.waitFor(5, TimeUnit.SECONDS);
            assertEquals(1_653_001, accounts.lease(), "the kernel dropped the dead engine's claim");
        } finally {
            otherEngine.destroyForcibly();
            otherEngine.waitFor(5, TimeUnit.SECONDS);
            for (int uid = 1_653_000; uid < 1_653_003; uid++) {
                accounts.release(uid);
            }
            accounts.closeHelperIfIdle();
        }
    }

    /** Waits until {@code p} runs as {@code uid} (its real uid in /proc/PID/status). */
    private static void awaitUid(Process p, int uid) throws Exception {
        awaitUid(p.toHandle(), uid, 1);
    }

    /** Waits until {@code p}'s uid number {@code field} of /proc/PID/status (1 real, 2 effective) is {@code uid}. */
    private static void awaitUid(ProcessHandle p, int uid, int field) throws Exception {
        java.nio.file.Path status = java.nio.file.Path.of("/proc", String.valueOf(p.pid()), "status");
        for (int i = 0; i < 250; i++) {
            for (String line : java.nio.file.Files.readAllLines(status)) {
                if (line.startsWith("Uid:") && line.split("\\s+")[field].equals(String.valueOf(uid))) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + p.pid() + " never ran as uid " + uid);
    }

    /** sh (and a sleeping child of it) as {@code uid}. */
    private static Process runAs(int uid) throws IOException {
        return new ProcessBuilder(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "sh", "-c", "sleep 60 & wait")).start();
    }

    private static ProcessHandle awaitChildOf(Process p) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var child = p.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no child of " + p.pid());
    }
}
