package io.satellite.app.console.pools;

/** A row of {@code DM_EXTERNAL_RESOURCE_POOLS()}: a pool's limits and its use since the engine started. */
public record PoolRow(String name, int maxCpuPercent, int maxMemoryPercent, int maxProcesses, int active, int queued,
                      int peakActive, long cpuMillis, long peakMemoryBytes, String affinity) {
    /** "1 of 2" against MAX_PROCESSES, or just "3" when there is no limit. */
    public String activeOfLimit() {
        return active + (maxProcesses == 0 ? "" : " of " + maxProcesses);
    }
}
