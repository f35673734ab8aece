package io.satellite.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of the whole host. Rates are per second since the previous host sample.
 *
 * @param timestamp             when the sample was taken
 * @param cpuPercent            CPU busy since the previous host sample, in percent of the whole
 *                              host (0..100, all logical processors together)
 * @param logicalProcessorCount logical processors, to relate a job's per-core percent to the host
 * @param memoryTotalBytes      physical memory installed
 * @param memoryAvailableBytes  physical memory available to new work without swapping
 * @param loadAverage           one-minute load average, or -1 where the OS does not tell
 * @param swapTotalBytes        swap space (0 when there is none)
 * @param swapUsedBytes         swap space in use
 * @param diskReadBytesPerSecond    read from the host's disks
 * @param diskWrittenBytesPerSecond written to the host's disks
 * @param networkReceivedBytesPerSecond received on the host's network interfaces (loopback excluded)
 * @param networkSentBytesPerSecond     sent on them
 */
public record HostSample(
        Instant timestamp,
        double cpuPercent,
        int logicalProcessorCount,
        long memoryTotalBytes,
        long memoryAvailableBytes,
        double loadAverage,
        long swapTotalBytes,
        long swapUsedBytes,
        double diskReadBytesPerSecond,
        double diskWrittenBytesPerSecond,
        double networkReceivedBytesPerSecond,
        double networkSentBytesPerSecond) {

    public HostSample {
        Objects.requireNonNull(timestamp, "timestamp");
        if (cpuPercent < 0 || cpuPercent > 100 || Double.isNaN(cpuPercent)) {
            throw new IllegalArgumentException("cpuPercent must be within 0..100: " + cpuPercent);
        }
    }

    /** Physical memory in use: total minus available. */
    public long memoryUsedBytes() {
        return memoryTotalBytes - memoryAvailableBytes;
    }
}
