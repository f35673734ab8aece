package io.satellite.engine.launchpad;

import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A resource pool's own limits on a worker, set as its job starts (there is no cgroup
 * hierarchy to put a pool's workers in on these hosts):
 * <ul>
 * <li>AFFINITY: the worker and every process it has or forks run only on the pool's CPUs
 *     (sched_setaffinity through {@code taskset});</li>
 * <li>MAX_MEMORY_PERCENT: the worker's address space is at most the pool's share of RAM
 *     (RLIMIT_AS, lowered below the engine-wide limit through {@code prlimit}).</li>
 * </ul>
 * The pool's total over all its jobs, and MAX_CPU_PERCENT, are the monitor's to watch.
 */
public final class PoolLimits {
    private PoolLimits() {
    }

    /** The limits a job of {@code pool} runs under: the engine's, with the pool's memory share if lower. */
    public static ResourceLimits of(ResourcePool pool, ResourceLimits engine) {
        long share = pool.maxMemoryBytes(hostMemory());
        if (share <= 0 || pool.maxMemoryPercent() >= 100
                || (engine.addressSpaceBytes() > 0 && engine.addressSpaceBytes() <= share)) {
            return engine;
        }
        return engine.withAddressSpace(share);
    }

    /** Puts a worker (and its processes) under its pool's affinity and memory share. */
    public static void apply(ResourcePool pool, ResourceLimits engine, Worker worker) throws LaunchpadException {
        ResourceLimits limits = of(pool, engine);
        try {
            if (limits.addressSpaceBytes() != engine.addressSpaceBytes()) {
                WorkerLimits.prlimit(worker.pid(), List.of("--as=" + limits.addressSpaceBytes()));
            }
            List<Integer> cpus = pool.cpus();
            if (!cpus.isEmpty()) {
                String list = cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
                for (long pid : tree(worker.pid())) {
                    WorkerLimits.run(List.of("taskset", "-a", "-p", "-c", list, Long.toString(pid)),
                            "run worker " + pid + " on CPUs " + list + " (pool " + pool.name() + ")");
                }
            }
        } catch (IOException e) {
            throw new LaunchpadException("the limits of resource pool '" + pool.name() + "' could not be set on"
                    + " its worker: " + e.getMessage(), e);
        }
    }

    private static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** The host's RAM, read once (twice per job otherwise: when a worker is taken and when its job starts). */
    private static volatile long hostMemory = -1;

    /** The host's RAM (MemTotal of /proc/meminfo), or 0 where it cannot be read. */
    static long hostMemory() {
        long m = hostMemory;
        if (m < 0) {
            m = readHostMemory();
            hostMemory = m;
        }
        return m;
    }

    private static long readHostMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: no memory share
        }
        return 0;
    }
}
