package io.satellite.monitor;

import io.satellite.engine.launchpad.ResourcePool;
import io.satellite.engine.requests.ExternalRequests;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sums each resource pool's running jobs and enforces the pool's memory cap, which the kernel
 * does not (no cgroups here): {@link PoolGovernor} decides, this cancels the job through the
 * engine, so its caller gets an error naming the pool and the limit. Memory is summed as
 * resident sets; when that is over the cap it is summed again as proportional set sizes,
 * because forked workers share the zygote's pages and RSS counts them once per worker.
 * The pools' limits are re-read every {@code refreshNanos} (and at once for a pool not yet known).
 */
final class PoolEnforcer {
    private final PoolDirectory directory;
    private final PoolGovernor governor;
    private final ExternalRequests requests;
    private final long refreshNanos;
    private final CpuThrottle throttle;
    private Map<String, ResourcePool> pools = Map.of();
    private long loadedAt;
    private boolean loaded;
    private boolean warned;
    private final java.util.Set<String> throttling = new java.util.HashSet<>();

    /** @param requests where kills go; null to alert only */
    PoolEnforcer(PoolDirectory directory, PoolGovernor governor, ExternalRequests requests, long refreshNanos) {
        this(directory, governor, requests, refreshNanos, null);
    }

    /** @param throttle holds pools to their CPU cap; null to alert only */
    PoolEnforcer(PoolDirectory directory, PoolGovernor governor, ExternalRequests requests, long refreshNanos,
                 CpuThrottle throttle) {
        this.throttle = throttle;
        this.directory = directory;
        this.governor = governor;
        this.requests = requests;
        this.refreshNanos = refreshNanos;
    }

    void review(Map<WatchedJob, ResourceSample> sampled, HostSample host, ProcessSource source,
                Consumer<PoolSample> pooled, Consumer<PoolAlert> alerted) {
        Map<String, List<WatchedJob>> byPool = new LinkedHashMap<>();
        for (WatchedJob job : sampled.keySet()) {
            byPool.computeIfAbsent(key(job.pool()), k -> new ArrayList<>()).add(job);
        }
        refresh(byPool.keySet());
        for (Map.Entry<String, List<WatchedJob>> e : byPool.entrySet()) {
            ResourcePool pool = pools.get(e.getKey());
            if (pool == null) {
                continue; // dropped meanwhile: its jobs run on without limits to check
            }
            List<PoolGovernor.JobLoad> loads = loads(e.getValue(), sampled, null);
            PoolSample summed = PoolGovernor.summarize(pool, loads, host.logicalProcessorCount(),
                    host.memoryTotalBytes());
            if (PoolGovernor.overMemory(summed)) {
                loads = loads(e.getValue(), sampled, source);
                summed = PoolGovernor.summarize(pool, loads, host.logicalProcessorCount(), host.memoryTotalBytes());
            }
            pooled.accept(summed);
            throttle(pool, e.getValue(), summed, alerted);
            for (PoolAlert a : governor.review(pool, loads, host.logicalProcessorCount(), host.memoryTotalBytes(),
                    Instant.now())) {
                if (a.action() == PoolAlert.Action.KILL && requests != null) {
                    requests.cancel(a.requestId(), a.message());
                }
                alerted.accept(a);
            }
        }
        governor.forgetPoolsOtherThan(byPool.keySet());
        if (throttle != null) {
            throttle.forgetPoolsOtherThan(byPool.keySet());
        }
    }

    /** Pauses the pool's jobs for part of the next interval while it is over MAX_CPU_PERCENT. */
    private void throttle(ResourcePool pool, List<WatchedJob> jobs, PoolSample summed, Consumer<PoolAlert> alerted) {
        if (throttle == null) {
            return;
        }
        boolean was = throttling.contains(key(pool.name()));
        double pause = throttle.adjust(pool.name(), pool.maxCpuPercent(), summed.cpuPercentOfHost(),
                jobs.stream().map(WatchedJob::root).filter(java.util.Objects::nonNull).toList());
        if (pause > 0 && !was) {
            throttling.add(key(pool.name()));
            alerted.accept(new PoolAlert(Instant.now(), pool.name(), PoolAlert.Resource.CPU,
                    PoolAlert.Action.THROTTLE, jobs.get(0).requestId(), summed.cpuPercentOfHost(),
                    pool.maxCpuPercent(), String.format(Locale.ROOT, "resource pool '%s' uses %.0f%% of the host's"
                            + " CPU, over its MAX_CPU_PERCENT = %d: its %d job(s) are paused %.0f%% of the time",
                            pool.name(), summed.cpuPercentOfHost(), pool.maxCpuPercent(), jobs.size(), pause * 100)));
        } else if (pause == 0) {
            throttling.remove(key(pool.name()));
        }
    }

    private static List<PoolGovernor.JobLoad> loads(List<WatchedJob> jobs, Map<WatchedJob, ResourceSample> sampled,
                                                     ProcessSource proportional) {
        List<PoolGovernor.JobLoad> loads = new ArrayList<>();
        for (WatchedJob job : jobs) {
            ResourceSample s = sampled.get(job);
            long memory = proportional == null ? s.residentBytes() : job.proportionalBytes(proportional);
            loads.add(new PoolGovernor.JobLoad(job.requestId(), s.cpuPercent(), memory));
        }
        return loads;
    }

    private void refresh(Iterable<String> needed) {
        boolean unknown = false;
        for (String name : needed) {
            unknown |= !pools.containsKey(name);
        }
        long now = System.nanoTime();
        if (loaded && !unknown && now - loadedAt < refreshNanos) {
            return;
        }
        if (loaded && unknown && now - loadedAt < refreshNanos / 5) {
            return; // do not re-read on every round for a pool that is really gone
        }
        try {
            Map<String, ResourcePool> fresh = new HashMap<>();
            for (ResourcePool p : directory.load()) {
                fresh.put(key(p.name()), p);
            }
            pools = fresh;
            warned = false;
        } catch (SQLException | RuntimeException e) {
            if (!warned) {
                warned = true;
                System.err.println("satellite monitor: could not read the resource pools (their limits are checked"
                        + " with what was read before): " + e.getMessage());
            }
        }
        loadedAt = now;
        loaded = true;
    }

    private static String key(String pool) {
        return pool.toLowerCase(Locale.ROOT);
    }
}
