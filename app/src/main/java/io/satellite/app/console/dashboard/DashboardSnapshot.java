package io.satellite.app.console.dashboard;

import io.satellite.monitor.HostSample;
import java.util.List;

/**
 * One reading of everything the dashboard shows. {@code host} is null on a remote session (the
 * monitor runs in the server's process) or before the monitor's first sample.
 */
public record DashboardSnapshot(HostSample host, List<PoolUsage> pools, List<JobUsage> topCpu,
                                List<JobUsage> topMemory, List<Throughput.Minute> minutes, int running, int queued) {
    /** A resource pool's limits and its running jobs summed ({@code hostCpus} 0 when unknown). */
    public record PoolUsage(String name, int maxCpuPercent, int maxMemoryPercent, int maxProcesses, int active,
                            int queued, double cpuPercentOfOneCore, long residentBytes, int hostCpus,
                            long hostMemoryBytes) {
        /** CPU in percent of the whole host, as MAX_CPU_PERCENT counts it; -1 when the host is unknown. */
        public double cpuPercentOfHost() {
            return hostCpus == 0 ? -1 : cpuPercentOfOneCore / hostCpus;
        }

        /** Memory in percent of the host's, as MAX_MEMORY_PERCENT counts it; -1 when unknown. */
        public double memoryPercentOfHost() {
            return hostMemoryBytes == 0 ? -1 : 100.0 * residentBytes / hostMemoryBytes;
        }
    }

    /** A running job's latest sample. */
    public record JobUsage(long id, String user, String pool, double cpuPercent, long residentBytes) {
        public String label() {
            return "#" + id + " " + user;
        }
    }
}
