package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The accounting of one job's tree over canned snapshots: deltas, children, departures, peaks. */
class JobAccountTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int ROOT = 100;
    private final CannedProcesses table = new CannedProcesses();
    private final JobAccount account = new JobAccount(ROOT);
    private long clock;

    private ResourceSample sampleAfter(double seconds) {
        clock += (long) (seconds * SECOND);
        return account.sample(table, clock, Instant.EPOCH).orElseThrow();
    }

    @Test
    void aBusyRootReadsItsCpuDeltaAsPercentOfACore() {
        table.put(ROOT, 1, 5_000, 50_000_000);
        ResourceSample first = sampleAfter(0);
        assertEquals(50.0, first.cpuPercent(), 1e-9, "first sample: average over its 10 s of life");
        table.put(ROOT, 1, 6_000, 60_000_000);
        ResourceSample second = sampleAfter(1);
        assertEquals(100.0, second.cpuPercent(), 1e-9);
        assertEquals(6_000, second.cpuMillis());
        assertEquals(60_000_000, second.residentBytes());
        assertEquals(1, second.processCount());
        assertEquals(3, second.openFiles());
    }

    @Test
    void sumsTheWholeTreeAndItsPeaks() {
        table.put(ROOT, 1, 1_000, 100).put(101, ROOT, 500, 200).put(102, 101, 200, 300);
        ResourceSample s = sampleAfter(0);
        assertEquals(3, s.processCount());
        assertEquals(600, s.residentBytes());
        assertEquals(1_700, s.cpuMillis());
        assertEquals(3, s.threadCount());
        assertEquals(9, s.openFiles());
        table.remove(102).remove(101).put(ROOT, 1, 1_100, 50);
        sampleAfter(1);
        assertEquals(600, account.peakResidentBytes());
        assertEquals(3, account.peakProcesses());
    }

    @Test
    void aChildThatStartsAndEndsBetweenSamplesIsCountedThroughItsParent() {
        table.put(ROOT, 1, 1_000, 100);
        sampleAfter(0);
        // the child ran 700 ms and was waited for: Linux added its time to the parent's
        table.put(ROOT, 1, 1_000 + 100 + 700, 100);
        ResourceSample s = sampleAfter(1);
        assertEquals(1_800, s.cpuMillis());
        assertEquals(80.0, s.cpuPercent(), 1e-9);
    }

    @Test
    void aChildSeenThenWaitedForIsNotCountedTwice() {
        table.put(ROOT, 1, 1_000, 100).put(101, ROOT, 300, 100);
        assertEquals(1_300, sampleAfter(0).cpuMillis());
        // the child used 200 ms more, ended and was waited for; the root itself used 100 ms
        table.remove(101).put(ROOT, 1, 1_000 + 100 + 500, 100);
        ResourceSample s = sampleAfter(1);
        assertEquals(1_600, s.cpuMillis());
        assertEquals(30.0, s.cpuPercent(), 1e-9);
    }

    @Test
    void aZombieStillCountsItsTimeButNotItsMemory() {
        table.put(ROOT, 1, 1_000, 100).put(101, ROOT, 300, 100);
        sampleAfter(0);
        table.zombie(101);
        ResourceSample s = sampleAfter(1);
        assertEquals(1_300, s.cpuMillis());
        assertEquals(1, s.processCount());
        assertEquals(100, s.residentBytes());
    }

    @Test
    void whatLeavesWithoutAParentInTheTreeKeepsItsLastReading() {
        table.put(ROOT, 1, 1_000, 100).put(101, ROOT, 300, 100).put(102, 101, 400, 100);
        assertEquals(1_700, sampleAfter(0).cpuMillis());
        // 101 ended and the root waited for it; 102, orphaned, left the tree (its parent is gone)
        table.remove(102).remove(101).put(ROOT, 1, 1_000 + 300, 100);
        assertEquals(1_300 + 400, sampleAfter(1).cpuMillis(), "102 is credited with its last reading");
        table.put(ROOT, 1, 1_400, 100);
        ResourceSample s = sampleAfter(1);
        assertEquals(1_800, s.cpuMillis());
        assertEquals(10.0, s.cpuPercent(), 1e-9);
    }

    @Test
    void totalsNeverDecrease() {
        table.put(ROOT, 1, 1_000, 100).put(101, ROOT, 300, 100);
        sampleAfter(0);
        table.remove(101); // assumed waited for by the root, whose figure has not caught up yet
        ResourceSample s = sampleAfter(1);
        assertEquals(1_300, s.cpuMillis());
        assertEquals(0.0, s.cpuPercent());
        assertEquals(13_000, s.readBytes());
    }

    @Test
    void aReusedPidIsANewProcess() {
        table.put(ROOT, 1, 1_000, 100).put(101, ROOT, 300, 100);
        sampleAfter(0);
        // 101 ended and was waited for (time into the root); a new process got pid 101
        table.put(ROOT, 1, 1_300, 100).put(new ProcessReading(101, ROOT, 2, false, 10, 50, 100, 200, 0, 0, 1, 3));
        assertEquals(1_350, sampleAfter(1).cpuMillis());
    }

    @Test
    void aChildThatVanishesBetweenListingAndReadingIsSkipped() {
        table.put(ROOT, 1, 1_000, 100).vanishedChild(ROOT, 999);
        ResourceSample s = sampleAfter(0);
        assertEquals(1, s.processCount());
        assertEquals(List.of(ROOT), account.livePids());
    }

    @Test
    void aGoneRootSamplesEmptyAndKeepsItsTotals() {
        table.put(ROOT, 1, 1_000, 100);
        sampleAfter(0);
        table.remove(ROOT);
        assertEquals(Optional.empty(), account.sample(table, clock + SECOND, Instant.EPOCH));
        assertEquals(1_000, account.cpuMillis());
        assertEquals(1, account.samples());
    }

    @Test
    void aZombieRootCountsAsGone() {
        table.put(ROOT, 1, 1_000, 100).zombie(ROOT);
        assertEquals(Optional.empty(), account.sample(table, 0, Instant.EPOCH));
    }

    @Test
    void openFilesAreUnknownWhenNoProcessTells() {
        table.put(new ProcessReading(ROOT, 1, 1, false, 1000, 10, 100, 200, 0, 0, 1, -1));
        assertEquals(-1, sampleAfter(0).openFiles());
    }
}
