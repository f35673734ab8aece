package io.satellite.monitor;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running account of one job's process tree across samples: walks the tree from its root
 * (children by children, never the whole process table), sums it, and keeps the CPU time and
 * I/O totals right as processes come and go.
 *
 * <p>Linux adds a child's CPU time and I/O to its parent when the parent waits for it. So the
 * total is the sum over the processes in the tree now (each with its waited-for children), plus
 * what left the tree without a parent in it to inherit it (an orphan, or a child whose parent
 * died too), credited with its last reading. A child that starts and ends between two samples
 * is counted through its parent. Totals never decrease. Not thread-safe: one caller at a time.
 */
final class JobAccount {
    private final int rootPid;
    private Map<Integer, ProcessReading> prior = Map.of();
    private long departedCpuMillis;
    private long departedReadBytes;
    private long departedWrittenBytes;
    private long cpuMillis;
    private long readBytes;
    private long writtenBytes;
    private long lastNanos = Long.MIN_VALUE;
    private long peakResidentBytes;
    private double peakCpuPercent;
    private int peakProcesses;
    private int samples;
    private ResourceSample latest;

    JobAccount(long rootPid) {
        if (rootPid <= 0 || rootPid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process id: " + rootPid);
        }
        this.rootPid = (int) rootPid;
    }

    /**
     * Reads the tree now.
     *
     * @param nanos a monotonic clock ({@link System#nanoTime()}), for the CPU percent
     * @return the summed sample, or empty once the root has gone (the totals stay)
     */
    Optional<ResourceSample> sample(ProcessSource source, long nanos, Instant now) {
        ProcessReading root = source.read(rootPid).filter(r -> !r.zombie()).orElse(null);
        if (root == null) {
            return Optional.empty();
        }
        Map<Integer, ProcessReading> current = walk(source, root);
        creditDeparted(current);

        long cpu = departedCpuMillis;
        long read = departedReadBytes;
        long written = departedWrittenBytes;
        long resident = 0;
        long virtual = 0;
        int live = 0;
        int threads = 0;
        long openFiles = -1;
        for (ProcessReading p : current.values()) {
            cpu += p.cpuMillis();
            read += p.readBytes();
            written += p.writtenBytes();
            if (!p.zombie()) {
                live++;
                resident += p.residentBytes();
                virtual += p.virtualBytes();
                threads += p.threads();
                if (p.openFiles() >= 0) {
                    openFiles = Math.max(openFiles, 0) + p.openFiles();
                }
            }
        }
        long cpuBefore = cpuMillis;
        cpuMillis = Math.max(cpuMillis, cpu);
        readBytes = Math.max(readBytes, read);
        writtenBytes = Math.max(writtenBytes, written);
        double percent = cpuPercent(cpuBefore, nanos, root);
        lastNanos = nanos;
        prior = current;
        samples++;
        peakResidentBytes = Math.max(peakResidentBytes, resident);
        peakCpuPercent = Math.max(peakCpuPercent, percent);
        peakProcesses = Math.max(peakProcesses, live);
        latest = new ResourceSample(rootPid, now, percent, cpuMillis, resident, virtual, readBytes, writtenBytes,
                live, threads, openFiles);
        return Optional.of(latest);
    }

    private Map<Integer, ProcessReading> walk(ProcessSource source, ProcessReading root) {
        Map<Integer, ProcessReading> tree = new LinkedHashMap<>();
        tree.put(root.pid(), root);
        Deque<ProcessReading> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            ProcessReading p = todo.poll();
            if (p.zombie()) {
                continue;
            }
            for (int child : source.children(p)) {
                if (!tree.containsKey(child)) {
                    // a child that has gone since its parent listed it is simply not there
                    source.read(child).ifPresent(c -> {
                        tree.put(child, c);
                        todo.add(c);
                    });
                }
            }
        }
        return tree;
    }

    /** Keeps what left the tree with no parent in it to inherit its time and I/O. */
    private void creditDeparted(Map<Integer, ProcessReading> current) {
        for (ProcessReading gone : prior.values()) {
            if (gone.sameProcessAs(current.get(gone.pid()))) {
                continue;
            }
            ProcessReading parent = current.get(gone.parentPid());
            boolean inherited = parent != null && !parent.zombie();
            if (!inherited) {
                departedCpuMillis += gone.cpuMillis();
                departedReadBytes += gone.readBytes();
                departedWrittenBytes += gone.writtenBytes();
            }
        }
    }

    private double cpuPercent(long cpuBefore, long nanos, ProcessReading root) {
        if (lastNanos == Long.MIN_VALUE) {
            return root.upTimeMillis() > 0 ? cpuMillis * 100.0 / root.upTimeMillis() : 0;
        }
        double wallMillis = (nanos - lastNanos) / 1e6;
        return wallMillis > 0 ? (cpuMillis - cpuBefore) * 100.0 / wallMillis : 0;
    }

    /** Live pids of the tree at the last sample (zombies excluded). */
    List<Integer> livePids() {
        return prior.values().stream().filter(p -> !p.zombie()).map(ProcessReading::pid).toList();
    }

    /** The last sample, or null before the first. */
    ResourceSample latest() {
        return latest;
    }

    long cpuMillis() {
        return cpuMillis;
    }

    long readBytes() {
        return readBytes;
    }

    long writtenBytes() {
        return writtenBytes;
    }

    long peakResidentBytes() {
        return peakResidentBytes;
    }

    double peakCpuPercent() {
        return peakCpuPercent;
    }

    int peakProcesses() {
        return peakProcesses;
    }

    int samples() {
        return samples;
    }
}
