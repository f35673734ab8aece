package io.satellite.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds a resource pool to its MAX_CPU_PERCENT where no cgroup can: while the pool's jobs
 * use more CPU than the cap, their process trees are paused (SIGSTOP) for part of every
 * sampling interval and then resumed (SIGCONT). The paused part follows the jobs' demand:
 * a pool that would use {@code d}% of the host with nothing paused, under a cap of
 * {@code c}%, is paused {@code 1 - c/d} of the time (at most {@value #MAX_PAUSE} of it), so
 * it runs at about its cap. Every process paused is resumed when the monitor closes.
 */
final class CpuThrottle implements AutoCloseable {
    static final double MAX_PAUSE = 0.9;
    private final Duration interval;
    private final Map<String, Double> pause = new HashMap<>();
    /** Processes stopped and not yet known to be resumed, with how many pauses hold them. */
    private final Map<Long, Integer> paused = new ConcurrentHashMap<>();
    private boolean closed;
    private final ScheduledExecutorService resumer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "satellite-cpu-throttle");
        t.setDaemon(true);
        return t;
    });

    CpuThrottle(Duration interval) {
        this.interval = interval;
    }

    /**
     * The part of each interval to pause a pool whose jobs used {@code used}% of the host
     * while paused {@code pausedBefore} of the time, under a cap of {@code cap}%.
     */
    static double pauseFor(double used, double pausedBefore, int cap) {
        double demand = used / Math.max(0.05, 1 - pausedBefore);
        if (cap >= 100 || demand <= cap) {
            return 0;
        }
        return Math.min(MAX_PAUSE, 1 - cap / demand);
    }

    /**
     * Adjusts the pool's pause from its latest CPU use and pauses its jobs for this interval.
     * The roots are the jobs' workers as seen when they were first watched, so a pid that
     * was reused by another process meanwhile is never signalled.
     */
    synchronized double adjust(String pool, int cap, double usedPercentOfHost, List<ProcessHandle> roots) {
        String key = pool.toLowerCase(Locale.ROOT);
        double next = pauseFor(usedPercentOfHost, pause.getOrDefault(key, 0.0), cap);
        if (next == 0 || closed) {
            pause.remove(key);
            return 0;
        }
        pause.put(key, next);
        List<Long> tree = new ArrayList<>();
        for (ProcessHandle root : roots) {
            if (root.isAlive()) { // compares the start time too: a reused pid is not alive
                tree.add(root.pid());
                root.descendants().forEach(d -> tree.add(d.pid()));
            }
        }
        if (tree.isEmpty()) {
            return next;
        }
        tree.forEach(pid -> paused.merge(pid, 1, Integer::sum)); // recorded before the signal
        if (!signal("STOP", tree)) {
            resume(tree);
            return 0;
        }
        long resumeAfter = (long) (interval.toNanos() * next);
        try {
            resumer.schedule(() -> resume(tree), resumeAfter, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            resume(tree);
        }
        return next;
    }

    /** Forgets pools that have no running job. */
    synchronized void forgetPoolsOtherThan(Set<String> pools) {
        pause.keySet().removeIf(k -> !pools.contains(k));
    }

    /** Sends CONT; a pid stays recorded until a CONT to it has worked (retried on close). */
    private synchronized void resume(List<Long> pids) {
        if (signal("CONT", pids)) {
            for (long pid : pids) {
                paused.computeIfPresent(pid, (k, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** Signals the processes; true when kill ran and reached them (a process gone meanwhile is fine). */
    private static boolean signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return true;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            boolean done = waitUninterruptibly(p);
            return done && (p.exitValue() == 0 || !said.contains("not permitted"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits for kill even when interrupted (the monitor closing): a STOP must be known to be sent or not. */
    private static boolean waitUninterruptibly(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Resumes every process still paused; no process is paused after this. */
    @Override
    public synchronized void close() {
        closed = true;
        resumer.shutdownNow();
        signal("CONT", new ArrayList<>(paused.keySet()));
        paused.clear();
    }
}
