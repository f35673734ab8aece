package io.satellite.engine.requests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and peak resident memory of a process, from /proc (Linux), read just before a
 * worker is discarded; a pure parser of /proc's text plus a best-effort reader.
 */
public final class ProcessUsage {
    /** USER_HZ: the unit of /proc/[pid]/stat times on Linux. */
    static final int CLOCK_TICKS = 100;

    private ProcessUsage() {
    }

    /** {cpu milliseconds, peak resident bytes}; zeros when the process is gone. */
    public static long[] read(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            return new long[] {cpuMillis(Files.readString(proc.resolve("stat"))),
                    peakResidentBytes(Files.readString(proc.resolve("status")))};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** utime + stime (fields 14 and 15) of /proc/[pid]/stat, in milliseconds. */
    static long cpuMillis(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = afterName.trim().split("\\s+");
        // afterName starts at field 3 (state): utime is field 14 -> index 11
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 1000 / CLOCK_TICKS;
    }

    /** VmHWM of /proc/[pid]/status, in bytes. */
    static long peakResidentBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        }
        return 0;
    }
}
