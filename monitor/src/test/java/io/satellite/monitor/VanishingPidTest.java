package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/** Real processes that end while the sampler reads them. */
class VanishingPidTest {
    private final ChildProcesses children = new ChildProcesses();
    private final OshiProcesses os = new OshiProcesses(new SystemInfo().getOperatingSystem());

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    void aChildThatEndsBetweenBeingListedAndBeingReadIsSkipped() throws Exception {
        Process parent = children.shell(ChildProcesses.BURN_WITH_CHILD);
        ChildProcesses.awaitTrue("the shell's sleep child", Duration.ofSeconds(10),
                () -> parent.descendants().findAny().isPresent());
        ProcessHandle child = parent.descendants().findFirst().orElseThrow();
        ProcessSource killsAfterListing = new ProcessSource() {
            @Override
            public Optional<ProcessReading> read(int pid) {
                return os.read(pid);
            }

            @Override
            public List<Integer> children(ProcessReading process) {
                List<Integer> listed = os.children(process);
                if (listed.contains((int) child.pid())) {
                    child.destroyForcibly();
                    child.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                }
                return listed;
            }

            @Override
            public long proportionalSetBytes(int pid) {
                return os.proportionalSetBytes(pid);
            }
        };
        JobAccount account = new JobAccount(parent.pid());
        ResourceSample s = account.sample(killsAfterListing, System.nanoTime(), Instant.now()).orElseThrow();
        assertEquals(1, s.processCount(), "the dead child (gone or a zombie) is not a live process");
        assertEquals(List.of((int) parent.pid()), account.livePids());
    }

    /**
     * Once a job's totals went into its history row, the sampler thread's next look at the tree
     * (the worker still being torn down) adds nothing: the summary equals the history's figures.
     */
    @Test
    void aJobsTotalsAreFinalOnceRecordedForItsHistory() throws Exception {
        Process p = children.shell(ChildProcesses.BURN);
        WatchedJob job = new WatchedJob(1, "U", "default", p.pid(), null, 16);
        io.satellite.engine.requests.ExternalRequest r = new io.satellite.engine.requests.ExternalRequests(0)
                .open("U", "R", "default", "", null);
        assertTrue(job.sample(os).isPresent());
        job.recordInto(r);
        long recorded = r.cpuMillis();
        Thread.sleep(300);  // the process burns on
        assertEquals(Optional.empty(), job.sample(os), "a sample after the history row was written");
        assertEquals(recorded, job.summary().cpuMillis(), "the summary's CPU against the history's");
    }

    @Test
    void aPidThatDoesNotExistReadsAsNothing() throws Exception {
        Process p = children.shell("exit 0");
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        int gone = (int) p.pid();
        assertEquals(Optional.empty(), os.read(gone));
        assertEquals(List.of(), os.children(gone));
        assertEquals(-1, os.proportionalSetBytes(gone));
    }

    @Test
    void theMonitorKeepsSamplingWhenAWatchedJobsProcessIsGone() throws Exception {
        Process p = children.shell(ChildProcesses.BURN);
        try (ResourceMonitor monitor = new ResourceMonitor(new io.satellite.engine.requests.ExternalRequests(0),
                List::of, new SystemInfo(), MonitorOptions.defaults())) {
            monitor.watch(1, "U", "default", p.pid());
            monitor.sampleRound();
            assertEquals(1, monitor.series(1).orElseThrow().size());
            ChildProcesses.killTree(p.toHandle());
            monitor.sampleRound();
            monitor.sampleRound();
            assertEquals(1, monitor.series(1).orElseThrow().size(), "nothing sampled from a gone tree");
        }
    }
}
