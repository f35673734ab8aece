package io.satellite.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Reads single processes through OSHI (one {@link OperatingSystem} of the JVM's one
 * {@code SystemInfo}), completed from {@code /proc} with what OSHI does not expose: children
 * (from {@code /proc/<pid>/task/<tid>/children}, so the whole process table is never scanned),
 * the CPU time of waited-for children, and the proportional set size. A process that vanishes
 * halfway through is simply absent. Thread-safe.
 */
final class OshiProcesses implements ProcessSource {
    private static final Path PROC = Path.of("/proc");
    private final OperatingSystem os;

    OshiProcesses(OperatingSystem os) {
        this.os = Objects.requireNonNull(os, "os");
    }

    @Override
    public Optional<ProcessReading> read(int pid) {
        OSProcess p;
        try {
            p = os.getProcess(pid);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (p == null || p.getState() == OSProcess.State.INVALID) {
            return Optional.empty();
        }
        long reaped = reapedChildrenCpuMillis(pid);
        if (reaped < 0) {
            return Optional.empty(); // gone between the two reads
        }
        boolean zombie = p.getState() == OSProcess.State.ZOMBIE;
        long openFiles = zombie ? -1 : p.getOpenFiles();
        return Optional.of(new ProcessReading(pid, p.getParentProcessID(), p.getStartTime(), zombie, p.getUpTime(),
                p.getUserTime() + p.getKernelTime() + reaped, p.getResidentSetSize(), p.getVirtualSize(),
                p.getBytesRead(), p.getBytesWritten(), p.getThreadCount(), openFiles));
    }

    private static long reapedChildrenCpuMillis(int pid) {
        try {
            return ProcText.reapedChildrenCpuMillis(Files.readString(PROC.resolve(pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public List<Integer> children(ProcessReading process) {
        return children(process.pid());
    }

    /** Children listed by every thread of the process (any thread may have forked). */
    List<Integer> children(int pid) {
        List<Integer> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    children.addAll(ProcText.children(Files.readString(task.resolve("children"))));
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return List.of(); // the process ended meanwhile
        }
        return children;
    }

    @Override
    public long proportionalSetBytes(int pid) {
        try {
            return ProcText.proportionalSetBytes(Files.readString(PROC.resolve(pid + "/smaps_rollup")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
