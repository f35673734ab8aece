package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Killing a process tree by pid, and telling a running process from a zombie. */
final class ProcessTree {
    private ProcessTree() {
    }

    /** SIGKILLs the process and all its descendants (snapshot first, so none is missed). */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> tree = root.descendants().toList();
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Whether {@code pid} is a live process: it exists and is not a zombie. (Zombies whose
     * parent died are reparented to the host's init, which may take its time to reap them.)
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits until none of {@code pids} is running; true if that happened in time. */
    static boolean awaitGone(List<Long> pids, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (pids.stream().noneMatch(ProcessTree::running)) {
                return true;
            }
            Thread.sleep(50);
        }
        return pids.stream().noneMatch(ProcessTree::running);
    }
}
