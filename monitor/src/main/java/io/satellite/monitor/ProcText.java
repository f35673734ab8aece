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

    /** What the monitor takes from one {@code /proc/<pid>/stat} line. */
    record Stat(int parentPid, boolean zombie, long cpuMillis, int threads, long startTicks, long virtualBytes,
                long residentPages) {
    }

    /**
     * Parses a stat line held in {@code buf[0..length)}: state (3), ppid (4), utime, stime,
     * cutime, cstime (14-17), num_threads (20), starttime (22), vsize (23), rss (24). The CPU
     * includes the waited-for children.
     *
     * @throws IllegalArgumentException if it is not a stat line
     */
    static Stat stat(byte[] buf, int length) {
        int close = length - 1;
        while (close >= 0 && buf[close] != ')') {
            close--;
        }
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line");
        }
        long[] fields = new long[25];
        int i = close + 2;
        byte state = i < length ? buf[i] : 0;
        int field = 3;
        i++;
        while (i < length && field < 24) {
            while (i < length && buf[i] == ' ') {
                i++;
            }
            field++;
            boolean negative = i < length && buf[i] == '-';
            if (negative) {
                i++;
            }
            long v = 0;
            boolean digits = false;
            while (i < length && buf[i] >= '0' && buf[i] <= '9') {
                v = v * 10 + (buf[i] - '0');
                i++;
                digits = true;
            }
            if (!digits) {
                throw new IllegalArgumentException("field " + field + " of /proc/<pid>/stat is not a number");
            }
            fields[field] = negative ? -v : v;
        }
        if (field < 24) {
            throw new IllegalArgumentException("short /proc/<pid>/stat line");
        }
        long ticks = fields[14] + fields[15] + fields[16] + fields[17];
        return new Stat((int) fields[4], state == 'Z' || state == 'X', ticks * 1000 / CLOCK_TICKS_PER_SECOND,
                (int) fields[20], fields[22], fields[23], fields[24]);
    }

    /** The number after {@code name} (e.g. {@code read_bytes:}) in key-value text, or -1. */
    static long field(byte[] buf, int length, String name) {
        outer:
        for (int i = 0; i + name.length() <= length; i++) {
            if (i > 0 && buf[i - 1] != '\n') {
                continue;
            }
            for (int k = 0; k < name.length(); k++) {
                if (buf[i + k] != name.charAt(k)) {
                    continue outer;
                }
            }
            int j = i + name.length();
            while (j < length && buf[j] == ' ') {
                j++;
            }
            long v = 0;
            while (j < length && buf[j] >= '0' && buf[j] <= '9') {
                v = v * 10 + (buf[j] - '0');
                j++;
            }
            return v;
        }
        return -1;
    }

    /** The boot time ({@code btime}) of {@code /proc/stat}, in seconds since the epoch. */
    static long bootSeconds(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IllegalArgumentException("no btime in /proc/stat");
    }

    /**
     * Sectors (512 bytes) read and written, summed over the named disks, from
     * {@code /proc/diskstats} (fields: major minor name reads merged sectors-read ms writes merged
     * sectors-written ...): {bytes read, bytes written}.
     */
    static long[] diskBytes(String diskstats, java.util.Set<String> disks) {
        long read = 0;
        long written = 0;
        for (String line : diskstats.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 10 && disks.contains(f[2])) {
                read += Long.parseLong(f[5]) * 512;
                written += Long.parseLong(f[9]) * 512;
            }
        }
        return new long[] {read, written};
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
