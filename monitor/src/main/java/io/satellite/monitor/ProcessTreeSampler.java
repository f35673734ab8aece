package io.satellite.monitor;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/**
 * Samples the resource use of process trees, each given by its root (typically an R worker).
 *
 * <p>Only each tree is read, child by child, never the whole process table. CPU is a delta
 * against the previous sample of the same tree (the first sample of a tree is its average
 * since the root started); CPU time and I/O of children that end are kept (see
 * {@link JobAccount}). A root that has exited (or is a zombie) yields {@link Optional#empty()}
 * and is forgotten.
 *
 * <p>Methods are synchronized: meant for one sampler thread, safe if a second one calls in.
 */
public final class ProcessTreeSampler {

    private final ProcessSource source;
    private final Clock clock;
    private final Map<Long, JobAccount> accounts = new HashMap<>();

    /** Shares the operating system of one {@link SystemInfo}; create only one per JVM. */
    public ProcessTreeSampler(SystemInfo systemInfo) {
        this(systemInfo.getOperatingSystem());
    }

    public ProcessTreeSampler(OperatingSystem os) {
        this(ProcessSources.of(os), Clock.systemUTC());
    }

    ProcessTreeSampler(ProcessSource source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Samples {@code rootPid} and all its live descendants.
     *
     * @return the summed sample, or empty if the root process no longer exists
     */
    public synchronized Optional<ResourceSample> sample(long rootPid) {
        JobAccount account = accounts.computeIfAbsent(rootPid, JobAccount::new);
        Optional<ResourceSample> sample = account.sample(source, System.nanoTime(), clock.instant());
        if (sample.isEmpty()) {
            accounts.remove(rootPid);
        }
        return sample;
    }

    /** Drops what is remembered about a tree the caller stopped watching. */
    public synchronized void forget(long rootPid) {
        accounts.remove(rootPid);
    }

    /** The live pids of {@code rootPid}'s tree at its last sample (for tests). */
    synchronized Set<Integer> rememberedPids(long rootPid) {
        JobAccount a = accounts.get(rootPid);
        return a == null ? Set.of() : a.livePids().stream().collect(Collectors.toUnmodifiableSet());
    }

    /** Roots currently remembered (for tests). */
    synchronized Set<Long> rememberedRoots() {
        return Set.copyOf(accounts.keySet());
    }
}
