package io.satellite.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A process table set by hand, for the pure accounting logic. */
final class CannedProcesses implements ProcessSource {
    private final Map<Integer, ProcessReading> processes = new HashMap<>();
    private final Map<Integer, List<Integer>> children = new HashMap<>();
    private final Map<Integer, Long> pss = new HashMap<>();

    /** A live process with the given figures (start time 1, one thread, 3 open files). */
    CannedProcesses put(int pid, int parent, long cpuMillis, long rss) {
        return put(new ProcessReading(pid, parent, 1, false, 10_000, cpuMillis, rss, rss * 2, cpuMillis * 10,
                cpuMillis, 1, 3));
    }

    CannedProcesses put(ProcessReading p) {
        ProcessReading old = processes.put(p.pid(), p);
        if (old == null || old.parentPid() != p.parentPid()) {
            if (old != null) {
                children.getOrDefault(old.parentPid(), new ArrayList<>()).remove((Integer) p.pid());
            }
            children.computeIfAbsent(p.parentPid(), k -> new ArrayList<>()).add(p.pid());
        }
        return this;
    }

    CannedProcesses zombie(int pid) {
        ProcessReading p = processes.get(pid);
        return put(new ProcessReading(pid, p.parentPid(), p.startTime(), true, p.upTimeMillis(), p.cpuMillis(), 0, 0,
                p.readBytes(), p.writtenBytes(), 0, -1));
    }

    /** The process ends and is gone (reaped, or never waited for). */
    CannedProcesses remove(int pid) {
        ProcessReading p = processes.remove(pid);
        if (p != null) {
            children.getOrDefault(p.parentPid(), new ArrayList<>()).remove((Integer) pid);
        }
        return this;
    }

    /** Listed as a child of {@code parent}, but gone by the time it is read. */
    CannedProcesses vanishedChild(int parent, int pid) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(pid);
        return this;
    }

    CannedProcesses pss(int pid, long bytes) {
        pss.put(pid, bytes);
        return this;
    }

    ProcessReading get(int pid) {
        return processes.get(pid);
    }

    @Override
    public Optional<ProcessReading> read(int pid) {
        return Optional.ofNullable(processes.get(pid));
    }

    @Override
    public List<Integer> children(ProcessReading process) {
        int pid = process.pid();
        return processes.containsKey(pid) ? List.copyOf(children.getOrDefault(pid, List.of())) : List.of();
    }

    @Override
    public long proportionalSetBytes(int pid) {
        return pss.getOrDefault(pid, -1L);
    }
}
