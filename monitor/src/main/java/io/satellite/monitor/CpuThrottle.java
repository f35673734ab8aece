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
    private final Set<Long> paused = ConcurrentHashMap.newKeySet();
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

    /** Adjusts the pool's pause from its latest CPU use and pauses its jobs for this interval. */
    double adjust(String pool, int cap, double usedPercentOfHost, List<Long> jobPids) {
        String key = pool.toLowerCase(Locale.ROOT);
        double next = pauseFor(usedPercentOfHost, pause.getOrDefault(key, 0.0), cap);
        if (next == 0) {
            pause.remove(key);
            return 0;
        }
        pause.put(key, next);
        List<Long> tree = new ArrayList<>();
        for (long pid : jobPids) {
            tree.add(pid);
            ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> tree.add(d.pid())));
        }
        if (signal("STOP", tree)) {
            paused.addAll(tree);
            long resumeAfter = (long) (interval.toNanos() * next);
            resumer.schedule(() -> resume(tree), resumeAfter, TimeUnit.NANOSECONDS);
        }
        return next;
    }

    /** Forgets pools that have no running job. */
    void forgetPoolsOtherThan(Set<String> pools) {
        pause.keySet().removeIf(k -> !pools.contains(k));
    }

    private void resume(List<Long> pids) {
        signal("CONT", pids);
        paused.removeAll(pids);
    }

    private static boolean signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes(); // a pid that ended meanwhile is no failure
            return p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        resumer.shutdownNow();
        signal("CONT", new ArrayList<>(paused));
        paused.clear();
    }
}
