package io.satellite.monitor;

import io.satellite.engine.launchpad.ResourcePool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks each resource pool's running jobs, summed, against the pool's limits, and says what
 * to do. Pure decisions over the figures it is given; it remembers only how many samples in a
 * row each pool has been over.
 *
 * <ul>
 *   <li>MAX_MEMORY_PERCENT (of the host's memory): the first sample over raises an alert; after
 *       {@code memoryGraceSamples} in a row, the pool's largest job is killed, and the count
 *       starts again (so at most one kill per pool per grace period).</li>
 *   <li>MAX_CPU_PERCENT (of the whole host's CPU): after {@code cpuGraceSamples} in a row, an
 *       alert naming the busiest job, once until the pool drops back under. CPU is never a
 *       reason to kill.</li>
 * </ul>
 */
final class PoolGovernor {
    /** One job's share of a pool's use. */
    record JobLoad(long requestId, double cpuPercent, long memoryBytes) {
    }

    private static final class Streak {
        int memoryOver;
        int cpuOver;
        boolean cpuAlerted;
    }

    private final int memoryGraceSamples;
    private final int cpuGraceSamples;
    private final Map<String, Streak> streaks = new HashMap<>();

    PoolGovernor(int memoryGraceSamples, int cpuGraceSamples) {
        this.memoryGraceSamples = memoryGraceSamples;
        this.cpuGraceSamples = cpuGraceSamples;
    }

    /** Forgets the streaks of pools that no longer have running jobs. */
    void forgetPoolsOtherThan(java.util.Set<String> lowerCaseNames) {
        streaks.keySet().retainAll(lowerCaseNames);
    }

    /** The pool's figures: CPU in percent of the host, memory in bytes. */
    static PoolSample summarize(ResourcePool pool, List<JobLoad> jobs, int logicalCpus, long hostMemoryBytes) {
        double cpu = jobs.stream().mapToDouble(JobLoad::cpuPercent).sum() / Math.max(1, logicalCpus);
        long memory = jobs.stream().mapToLong(JobLoad::memoryBytes).sum();
        return new PoolSample(pool.name(), jobs.size(), cpu, memory, pool.maxCpuPercent(), pool.maxMemoryPercent(),
                pool.maxMemoryBytes(hostMemoryBytes));
    }

    /** Whether the jobs' memory is over the pool's cap. */
    static boolean overMemory(PoolSample s) {
        return s.memoryBytes() > s.maxMemoryBytes();
    }

    /** Alerts and kills for one pool's jobs this round (nothing when all is well). */
    List<PoolAlert> review(ResourcePool pool, List<JobLoad> jobs, int logicalCpus, long hostMemoryBytes,
                           Instant now) {
        String key = pool.name().toLowerCase(Locale.ROOT);
        if (jobs.isEmpty()) {
            streaks.remove(key);
            return List.of();
        }
        Streak streak = streaks.computeIfAbsent(key, k -> new Streak());
        PoolSample s = summarize(pool, jobs, logicalCpus, hostMemoryBytes);
        List<PoolAlert> out = new ArrayList<>();
        if (overMemory(s)) {
            streak.memoryOver++;
            JobLoad largest = jobs.stream().max(Comparator.comparingLong(JobLoad::memoryBytes)).orElseThrow();
            String why = "resource pool '" + pool.name() + "' is over its MAX_MEMORY_PERCENT = "
                    + pool.maxMemoryPercent() + " (" + Sizes.of(s.maxMemoryBytes()) + " of this host's "
                    + Sizes.of(hostMemoryBytes) + "): its " + jobs.size() + " job" + (jobs.size() == 1 ? "" : "s")
                    + " use " + Sizes.of(s.memoryBytes()) + ", request " + largest.requestId() + " the most ("
                    + Sizes.of(largest.memoryBytes()) + ")";
            if (streak.memoryOver >= memoryGraceSamples) {
                streak.memoryOver = 0;
                out.add(new PoolAlert(now, pool.name(), PoolAlert.Resource.MEMORY, PoolAlert.Action.KILL,
                        largest.requestId(), s.memoryBytes(), s.maxMemoryBytes(), why));
            } else if (streak.memoryOver == 1) {
                out.add(new PoolAlert(now, pool.name(), PoolAlert.Resource.MEMORY, PoolAlert.Action.ALERT,
                        largest.requestId(), s.memoryBytes(), s.maxMemoryBytes(), why));
            }
        } else {
            streak.memoryOver = 0;
        }
        if (s.cpuPercentOfHost() > pool.maxCpuPercent()) {
            streak.cpuOver++;
            if (streak.cpuOver >= cpuGraceSamples && !streak.cpuAlerted) {
                streak.cpuAlerted = true;
                JobLoad busiest = jobs.stream().max(Comparator.comparingDouble(JobLoad::cpuPercent)).orElseThrow();
                out.add(new PoolAlert(now, pool.name(), PoolAlert.Resource.CPU, PoolAlert.Action.ALERT,
                        busiest.requestId(), s.cpuPercentOfHost(), pool.maxCpuPercent(), String.format(Locale.ROOT,
                        "resource pool '%s' has been over its MAX_CPU_PERCENT = %d for %d samples: its jobs use"
                                + " %.0f%% of the host, request %d the most (%.0f%% of one core)", pool.name(),
                        pool.maxCpuPercent(), streak.cpuOver, s.cpuPercentOfHost(), busiest.requestId(),
                        busiest.cpuPercent())));
            }
        } else {
            streak.cpuOver = 0;
            streak.cpuAlerted = false;
        }
        return out;
    }
}
