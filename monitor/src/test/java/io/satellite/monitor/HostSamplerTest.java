package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import oshi.SystemInfo;

class HostSamplerTest {

    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    void aBusyChildShowsOnTheHostAndMemoryIsConsistent() throws Exception {
        SystemInfo systemInfo = new SystemInfo();
        HostSampler sampler = new HostSampler(systemInfo);
        children.shell(ChildProcesses.BURN);
        sampler.sample();
        Thread.sleep(500);
        HostSample sample = sampler.sample();

        int cpus = Runtime.getRuntime().availableProcessors();
        // One busy loop is 1/cpus of the host; allow it a fifth of that under load.
        double threshold = 100.0 / Math.max(cpus, sample.logicalProcessorCount()) / 5;
        assertTrue(sample.cpuPercent() > threshold, "host cpu% " + sample.cpuPercent() + " <= " + threshold);
        assertTrue(sample.cpuPercent() <= 100.0);
        assertTrue(sample.logicalProcessorCount() >= 1);
        assertTrue(sample.memoryTotalBytes() > 0);
        assertTrue(sample.memoryAvailableBytes() > 0);
        assertTrue(sample.memoryAvailableBytes() <= sample.memoryTotalBytes());
        assertEquals(sample.memoryTotalBytes() - sample.memoryAvailableBytes(), sample.memoryUsedBytes());
        assertTrue(sample.loadAverage() > 0 || sample.loadAverage() == -1, "load " + sample.loadAverage());
        assertTrue(sample.swapUsedBytes() >= 0 && sample.swapUsedBytes() <= sample.swapTotalBytes());
        assertTrue(sample.diskReadBytesPerSecond() >= 0 && sample.diskWrittenBytesPerSecond() >= 0);
        assertTrue(sample.networkReceivedBytesPerSecond() >= 0 && sample.networkSentBytesPerSecond() >= 0);
    }
}
