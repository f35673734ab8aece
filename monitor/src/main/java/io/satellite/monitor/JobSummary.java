package io.satellite.monitor;

import java.util.List;

/**
 * A finished job's peaks and totals, as the monitor measured its process tree (also written
 * to its history row), and its time series (the last {@link MonitorOptions#seriesCapacity()} samples).
 */
public record JobSummary(long requestId, String user, String pool, long pid, long cpuMillis,
                         long peakResidentBytes, double peakCpuPercent, int peakProcesses, long readBytes,
                         long writtenBytes, List<ResourceSample> series) {
    public JobSummary {
        series = List.copyOf(series);
    }
}
