package io.satellite.engine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where CPU time goes during a benchmark phase, from /proc (USER_HZ ticks): the engine's JVM
 * itself, the short-lived tools it spawned and reaped (its children's times), and each
 * long-lived process below it (the zygotes with the workers they forked and reaped).
 */
final class CpuMeter {
    private final long[] jvm;
    private final Map<Long, long[]> below = new HashMap<>();

    private final Map<String, Long> threads = threadTimes();

    /** CPU ms per JVM thread name (digits folded), from /proc/self/task. */
    static Map<String, Long> threadTimes() {
        Map<String, Long> m = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String s = Files.readString(t.resolve("stat"));
                    String name = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
                    m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
                } catch (Exception e) {
                    // gone
                }
            }
        } catch (Exception e) {
            // no /proc
        }
        return m;
    }

    String threadReport() {
        Map<String, Long> now = threadTimes();
        StringBuilder s = new StringBuilder("engine threads, CPU ms in all (live threads only):");
        now.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threads.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> s.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        return s.toString();
    }

    CpuMeter() {
        jvm = times(ProcessHandle.current().pid());
        ProcessHandle.current().descendants().forEach(p -> below.put(p.pid(), times(p.pid())));
    }

    /** Milliseconds of CPU since this meter started: {engine, tools it spawned, forking runtimes, their children}. */
    long[] millis() {
        long[] now = times(ProcessHandle.current().pid());
        long forkers = 0;
        long workers = 0;
        for (Map.Entry<Long, long[]> e : below.entrySet()) {
            long[] t = times(e.getKey());
            if (t[0] >= 0 && t[0] >= e.getValue()[0]) {
                forkers += t[0] - e.getValue()[0];
                workers += t[1] - e.getValue()[1];
            }
        }
        return new long[] {(now[0] - jvm[0]) * 10, (now[1] - jvm[1]) * 10, forkers * 10, workers * 10};
    }

    /** {own utime+stime, children's cutime+cstime}, or {-1, -1} if the process is gone. */
    private static long[] times(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
            return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[13]) + Long.parseLong(f[14])};
        } catch (Exception e) {
            return new long[] {-1, -1};
        }
    }

    static String describe(long[] ms, int jobs) {
        List<String> names = List.of("engine JVM", "tools it spawned", "zygotes (forking)", "workers (reaped by zygotes)");
        StringBuilder s = new StringBuilder("CPU per job:");
        long total = 0;
        for (int i = 0; i < ms.length; i++) {
            s.append(String.format(" %s %.1f ms,", names.get(i), ms[i] / (double) jobs));
            total += ms[i];
        }
        return s.append(String.format(" total %.1f ms", total / (double) jobs)).toString();
    }
}
