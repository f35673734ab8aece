package io.satellite.app.console.dashboard;

import io.satellite.app.console.dashboard.DashboardSnapshot.JobUsage;
import io.satellite.app.console.dashboard.DashboardSnapshot.PoolUsage;
import io.satellite.monitor.HostSample;
import io.satellite.monitor.ResourceMonitor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link DashboardSnapshot}: the pools and running jobs from the DMVs, throughput from
 * the history view, the host from the embedded monitor (if any). One caller thread.
 */
public final class DashboardSource {
    static final int MINUTES = 30;
    static final int TOP = 5;
    private final Connection connection;
    private final ResourceMonitor monitor;

    /** {@code monitor} null for a remote session. */
    public DashboardSource(Connection connection, ResourceMonitor monitor) {
        this.connection = connection;
        this.monitor = monitor;
    }

    public DashboardSnapshot read(Instant now) throws SQLException {
        HostSample host = monitor == null ? null : monitor.latestHost();
        List<JobUsage> jobs = jobs();
        Map<String, double[]> byPool = new HashMap<>();
        for (JobUsage j : jobs) {
            double[] sum = byPool.computeIfAbsent(j.pool(), k -> new double[2]);
            sum[0] += j.cpuPercent();
            sum[1] += j.residentBytes();
        }
        List<PoolUsage> pools = new ArrayList<>();
        int running = 0;
        int queued = 0;
        try (PreparedStatement s = connection.prepareStatement("SELECT NAME, MAX_CPU_PERCENT, MAX_MEMORY_PERCENT,"
                + " MAX_PROCESSES, ACTIVE, QUEUED FROM TABLE(SQLML.DM_EXTERNAL_RESOURCE_POOLS()) T ORDER BY NAME");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                double[] sum = byPool.getOrDefault(rs.getString(1), new double[2]);
                pools.add(new PoolUsage(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), sum[0], (long) sum[1], host == null ? 0 : host.logicalProcessorCount(),
                        host == null ? 0 : host.memoryTotalBytes()));
                running += rs.getInt(5);
                queued += rs.getInt(6);
            }
        }
        List<JobUsage> topCpu = jobs.stream().sorted(Comparator.comparingDouble(JobUsage::cpuPercent).reversed())
                .limit(TOP).toList();
        List<JobUsage> topMemory = jobs.stream().sorted(Comparator.comparingLong(JobUsage::residentBytes).reversed())
                .limit(TOP).toList();
        return new DashboardSnapshot(host, pools, topCpu, topMemory,
                Throughput.perMinute(endings(now), now, MINUTES), running, queued);
    }

    private List<JobUsage> jobs() throws SQLException {
        List<JobUsage> jobs = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT REQUEST_ID, USER_NAME, POOL_NAME, CPU_PERCENT,"
                + " RESIDENT_BYTES FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()) T");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                jobs.add(new JobUsage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getLong(5)));
            }
        }
        return jobs;
    }

    private List<Throughput.Ending> endings(Instant now) throws SQLException {
        List<Throughput.Ending> endings = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT ENDED_AT, STATUS FROM"
                + " SQLML.EXTERNAL_SCRIPT_HISTORY_V WHERE ENDED_AT >= ?")) {
            s.setTimestamp(1, Timestamp.from(now.truncatedTo(ChronoUnit.MINUTES).minus(MINUTES, ChronoUnit.MINUTES)));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    endings.add(new Throughput.Ending(rs.getTimestamp(1).toInstant(), "SUCCEEDED".equals(rs.getString(2))));
                }
            }
        }
        return endings;
    }
}
