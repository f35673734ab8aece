package io.satellite.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * Pure parsers of Linux {@code /proc} text that OSHI does not expose: a process's children
 * ({@code /proc/<pid>/task/<tid>/children}), the CPU time of its finished children
 * ({@code cutime}, {@code cstime} of {@code /proc/<pid>/stat}) and its proportional set size
 * ({@code Pss:} of {@code /proc/<pid>/smaps_rollup}).
 */
final class ProcText {
    /** USER_HZ, the unit of {@code /proc/<pid>/stat} times on Linux. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcText() {
    }

    /** The pids in a {@code children} file: space separated, possibly empty. */
    static List<Integer> children(String text) {
        List<Integer> pids = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                pids.add(Integer.parseInt(part));
            }
        }
        return pids;
    }

    /**
     * CPU time, in milliseconds, of the children a process has waited for (fields 16 and 17,
     * cutime + cstime): where a finished child's time goes when it is reaped.
     *
     * @throws IllegalArgumentException if the text is not a stat line
     */
    static long reapedChildrenCpuMillis(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + stat);
        }
        // after "pid (comm) " comes field 3 (state): cutime (field 16) is index 13
        String[] f = stat.substring(close + 2).trim().split("\\s+");
        if (f.length < 15) {
            throw new IllegalArgumentException("short /proc/<pid>/stat line: " + stat);
        }
        long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    /** {@code Pss:} of smaps_rollup in bytes, or -1 if absent. */
    static long proportionalSetBytes(String smapsRollup) {
        for (String line : smapsRollup.split("\n")) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]) * 1024;
            }
        }
        return -1;
    }
}
