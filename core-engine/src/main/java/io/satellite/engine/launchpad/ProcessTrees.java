package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Process trees read top-down from {@code /proc/<pid>/task/<tid>/children}: only the
 * processes below a worker are read, where {@link ProcessHandle#descendants()} reads every
 * process on the host (about 4 ms of CPU per call here, several times per job). Falls back to
 * {@code descendants()} where the kernel has no such files.
 */
final class ProcessTrees {
    private static final boolean CHILDREN_FILES =
            Files.exists(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "task",
                    Long.toString(ProcessHandle.current().pid()), "children"));

    private ProcessTrees() {
    }

    /** The direct children of a process (of all its threads); empty if it is gone. */
    static List<Long> children(long pid) {
        if (!CHILDREN_FILES) {
            return ProcessHandle.of(pid).map(p -> p.children().map(ProcessHandle::pid).toList()).orElse(List.of());
        }
        List<Long> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String child : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            out.add(Long.parseLong(child));
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the process is gone
        }
        return out;
    }

    /** Every process below {@code pid} (not itself), parents before their children. */
    static List<Long> descendants(long pid) {
        if (!CHILDREN_FILES) {
            return ProcessHandle.of(pid).map(p -> p.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
        }
        Set<Long> seen = new LinkedHashSet<>();
        Deque<Long> todo = new ArrayDeque<>(children(pid));
        while (!todo.isEmpty()) {
            long p = todo.poll();
            if (seen.add(p)) {
                todo.addAll(children(p));
            }
        }
        return List.copyOf(seen);
    }

    /** Kills a process and everything below it (listed first: orphans would no longer be below it). */
    static void killTree(long pid) {
        List<Long> tree = descendants(pid);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        for (long p : tree) {
            ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
