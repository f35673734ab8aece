package io.satellite.monitor;

/**
 * A resource pool's running jobs summed, next to its limits.
 *
 * @param cpuPercentOfHost the jobs' CPU in percent of the whole host (as MAX_CPU_PERCENT is)
 * @param memoryBytes      the jobs' resident memory (proportional set size once over the cap)
 * @param maxMemoryBytes   MAX_MEMORY_PERCENT of this host's memory
 */
public record PoolSample(String pool, int jobs, double cpuPercentOfHost, long memoryBytes, int maxCpuPercent,
                         int maxMemoryPercent, long maxMemoryBytes) {
}
