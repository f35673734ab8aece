package io.satellite.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples the resource use of one job's process tree: a root process and its descendants.
 *
 * <p>Only the tree is queried (OSHI {@code getDescendantProcesses}), never the whole process
 * table. CPU is a delta: the previous OSHI snapshot of every pid is kept, per root, and the next
 * sample measures CPU time consumed between the two. A process seen for the first time reports
 * its average since it started. Pids that have left the tree are forgotten at each sample; a
 * root that has exited (or is a zombie) yields {@link Optional#empty()} and is forgotten too.
 *
 * <p>Methods are synchronized: meant for one sampler thread, safe if a second one calls in.
 */
public final class ProcessTreeSampler {

    private final OperatingSystem os;
    private final Clock clock;
    /** Previous snapshot of every process in each sampled tree: root pid -> (pid -> snapshot). */
    private final Map<Long, Map<Integer, OSProcess>> priorByRoot = new HashMap<>();

    /** Shares the operating system of one {@link SystemInfo}; create only one per JVM. */
    public ProcessTreeSampler(SystemInfo systemInfo) {
        this(systemInfo.getOperatingSystem());
    }

    public ProcessTreeSampler(OperatingSystem os) {
        this(os, Clock.systemUTC());
    }

    ProcessTreeSampler(OperatingSystem os, Clock clock) {
        this.os = Objects.requireNonNull(os, "os");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Samples {@code rootPid} and all its live descendants.
     *
     * @return the summed sample, or empty if the root process no longer exists
     */
    public synchronized Optional<ResourceSample> sample(long rootPid) {
        int pid = toOshiPid(rootPid);
        Instant now = clock.instant();
        OSProcess root = os.getProcess(pid);
        if (!isLive(root)) {
            priorByRoot.remove(rootPid);
            return Optional.empty();
        }
        List<OSProcess> tree = new ArrayList<>();
        tree.add(root);
        for (OSProcess p : os.getDescendantProcesses(pid, null, null, 0)) {
            if (p.getProcessID() != pid && isLive(p)) {
                tree.add(p);
            }
        }

        Map<Integer, OSProcess> prior = priorByRoot.getOrDefault(rootPid, Map.of());
        Map<Integer, OSProcess> current = new HashMap<>();
        double cpuFraction = 0;
        long resident = 0;
        long virtual = 0;
        long read = 0;
        long written = 0;
        for (OSProcess p : tree) {
            cpuFraction += p.getProcessCpuLoadBetweenTicks(sameProcess(prior.get(p.getProcessID()), p));
            resident += p.getResidentSetSize();
            virtual += p.getVirtualSize();
            read += p.getBytesRead();
            written += p.getBytesWritten();
            current.put(p.getProcessID(), p);
        }
        priorByRoot.put(rootPid, current); // pids absent from this tree are dropped here
        return Optional.of(new ResourceSample(rootPid, now, Math.max(0, cpuFraction * 100.0),
                resident, virtual, read, written, tree.size()));
    }

    /** Drops what is remembered about a tree the caller stopped watching. */
    public synchronized void forget(long rootPid) {
        priorByRoot.remove(rootPid);
    }

    /** The pids whose snapshots are kept for {@code rootPid}'s tree (for tests). */
    synchronized Set<Integer> rememberedPids(long rootPid) {
        return Set.copyOf(priorByRoot.getOrDefault(rootPid, Map.of()).keySet());
    }

    /** Roots currently remembered (for tests). */
    synchronized Set<Long> rememberedRoots() {
        return Set.copyOf(priorByRoot.keySet());
    }

    private static boolean isLive(OSProcess p) {
        return p != null && p.getState() != OSProcess.State.INVALID && p.getState() != OSProcess.State.ZOMBIE;
    }

    /** The prior snapshot, unless the pid has since been reused by another process. */
    private static OSProcess sameProcess(OSProcess prior, OSProcess now) {
        return prior != null && prior.getStartTime() == now.getStartTime() ? prior : null;
    }

    private static int toOshiPid(long pid) {
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        return (int) pid;
    }
}
