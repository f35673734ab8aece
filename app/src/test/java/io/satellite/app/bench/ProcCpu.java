package io.satellite.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent since a start point, from /proc (USER_HZ = 10 ms ticks): this JVM (the
 * engine) and every process below it (processes it started and reaped, the zygotes, including the workers they forked and
 * reaped, and the set-up helper).
 */
final class ProcCpu {
    private final long jvm;
    private final long jvmChildren;
    private final Map<Long, Long> below = new HashMap<>();

    ProcCpu() {
        jvm = ticks(ProcessHandle.current().pid(), false);
        jvmChildren = ticks(ProcessHandle.current().pid(), true) - jvm;
        ProcessHandle.current().descendants().forEach(p -> below.put(p.pid(), ticks(p.pid(), true)));
    }

    /** {engine JVM ms, ms of the processes below it} since this meter was made. */
    long[] millis() {
        long self = ticks(ProcessHandle.current().pid(), false);
        long engine = self - jvm;
        long rest = ticks(ProcessHandle.current().pid(), true) - self - jvmChildren; // processes it reaped
        for (Map.Entry<Long, Long> e : below.entrySet()) {
            long now = ticks(e.getKey(), true);
            if (now >= e.getValue()) {
                rest += now - e.getValue();
            }
        }
        return new long[] {engine * 10, rest * 10};
    }

    /** utime+stime (+ reaped children's, if asked), or -1 if the process is gone. */
    private static long ticks(long pid, boolean withChildren) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (Exception e) {
            return -1;
        }
    }
}
