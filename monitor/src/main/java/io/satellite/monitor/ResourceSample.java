package io.satellite.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of a job's resource use: a root process (typically an R worker) and all of
 * its live descendants, summed.
 *
 * @param pid           process id of the root of the sampled tree
 * @param timestamp     when the sample was taken
 * @param cpuPercent    CPU use since the previous sample of the same tree, in percent of one
 *                      core, summed over the tree (150.0 means one and a half cores busy); the
 *                      first sample of a tree is its average since the root started
 * @param cpuMillis     CPU time of the tree so far: its live processes, the children they have
 *                      waited for (also those that started and ended between two samples) and
 *                      the processes that left the tree; never decreases
 * @param residentBytes resident set size, summed over the live processes
 * @param virtualBytes  virtual memory size, summed over the live processes
 * @param readBytes     bytes read from storage so far, counted like {@code cpuMillis}
 * @param writtenBytes  bytes written to storage so far, counted like {@code cpuMillis}
 * @param processCount  live processes in the tree, the root included (so at least 1)
 * @param threadCount   threads of the live processes
 * @param openFiles     open file descriptors of the live processes, -1 where the OS does not tell
 */
public record ResourceSample(
        long pid,
        Instant timestamp,
        double cpuPercent,
        long cpuMillis,
        long residentBytes,
        long virtualBytes,
        long readBytes,
        long writtenBytes,
        int processCount,
        int threadCount,
        long openFiles) {

    public ResourceSample {
        Objects.requireNonNull(timestamp, "timestamp");
        if (processCount < 1) {
            throw new IllegalArgumentException("processCount must be >= 1: " + processCount);
        }
        if (cpuPercent < 0 || Double.isNaN(cpuPercent)) {
            throw new IllegalArgumentException("cpuPercent must be >= 0: " + cpuPercent);
        }
    }

    /** CPU use in cores rather than percent (1.5 = one and a half cores). */
    public double cpuCores() {
        return cpuPercent / 100.0;
    }
}
