package io.satellite.engine.launchpad;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An external resource pool, as SQL Server's {@code CREATE EXTERNAL RESOURCE POOL}: a row of
 * {@code SQLML.EXTERNAL_RESOURCE_POOLS}. The limits apply to the external runtimes of the
 * jobs classified to the pool, not to the engine itself.
 *
 * @param maxProcesses         concurrent jobs admitted; 0 = unlimited
 * @param affinity             CPU list such as {@code 0-1} or {@code 0,2-3}; null = all CPUs (AUTO)
 * @param maxDurationSeconds   a job's longest run before it is killed; 0 = none
 * @param queueTimeoutSeconds  longest wait for admission; 0 = do not queue
 */
public record ResourcePool(String name, int maxCpuPercent, int maxMemoryPercent, int maxProcesses,
                           String affinity, int maxDurationSeconds, int queueTimeoutSeconds, Instant created) {
    /** The pool every job goes to unless the classifier says otherwise. */
    public static final String DEFAULT = "default";
    /** The defaults of a new pool's options (SQL Server's; its default pool has 20% memory). */
    public static final int DEFAULT_CPU_PERCENT = 100;
    public static final int DEFAULT_MEMORY_PERCENT = 100;
    public static final int DEFAULT_POOL_MEMORY_PERCENT = 20;
    public static final int DEFAULT_MAX_PROCESSES = 0;
    public static final int DEFAULT_MAX_DURATION_SECONDS = 0;
    public static final int DEFAULT_QUEUE_TIMEOUT_SECONDS = 60;

    public boolean isDefault() {
        return DEFAULT.equalsIgnoreCase(name);
    }

    /** The memory the pool's jobs may use on a host with {@code hostRam} bytes. */
    public long maxMemoryBytes(long hostRam) {
        return Math.multiplyExact(hostRam / 100, maxMemoryPercent) + (hostRam % 100) * maxMemoryPercent / 100;
    }

    public boolean limitsProcesses() {
        return maxProcesses > 0;
    }

    public Optional<Duration> maxDuration() {
        return maxDurationSeconds > 0 ? Optional.of(Duration.ofSeconds(maxDurationSeconds)) : Optional.empty();
    }

    public Duration queueTimeout() {
        return Duration.ofSeconds(queueTimeoutSeconds);
    }

    /** The CPUs of the affinity, ascending; empty when the pool may use every CPU. */
    public List<Integer> cpus() {
        return affinity == null ? List.of() : parseAffinity(affinity, Integer.MAX_VALUE);
    }

    /**
     * Parses a CPU list ({@code n}, {@code n-m}, {@code n,m-k}, also SQL Server's
     * {@code n TO m}) into ascending CPU numbers, each below {@code cpuCount}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static List<Integer> parseAffinity(String text, int cpuCount) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("AFFINITY is empty; give CPUs such as '0', '0-1' or '0,2-3'");
        }
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+TO\\s+", "-");
            String[] ends = p.split("-", -1);
            if (ends.length > 2 || !ends[0].trim().matches("\\d{1,9}") || (ends.length == 2 && !ends[1].trim().matches("\\d{1,9}"))) {
                throw new IllegalArgumentException("AFFINITY '" + text + "': '" + part.trim()
                        + "' is not a CPU number or range; use CPUs such as '0', '0-1' or '0,2-3'");
            }
            int from = Integer.parseInt(ends[0].trim());
            int to = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : from;
            if (to < from) {
                throw new IllegalArgumentException("AFFINITY '" + text + "': range '" + part.trim()
                        + "' ends before it starts");
            }
            if (to >= cpuCount) {
                throw new IllegalArgumentException("AFFINITY '" + text + "': CPU " + to + " does not exist; this host"
                        + " has " + cpuCount + " CPU" + (cpuCount == 1 ? "" : "s") + " (0 to " + (cpuCount - 1) + ")");
            }
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return List.copyOf(cpus);
    }

    /** The canonical spelling of a CPU list: ascending, runs joined as ranges ({@code 0-2,5}). */
    public static String formatAffinity(List<Integer> cpus) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < cpus.size()) {
            int j = i;
            while (j + 1 < cpus.size() && cpus.get(j + 1) == cpus.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(cpus.get(i)) : cpus.get(i) + "-" + cpus.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }
}
