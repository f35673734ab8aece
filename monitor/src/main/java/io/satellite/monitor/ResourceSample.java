package io.satellite.monitor;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of a job's resource use: a root process (typically an R worker) and all of
 * its live descendants, summed.
 *
 * @param pid           process id of the root of the sampled tree
 * @param timestamp     when the sample was taken
 * @param cpuPercent    CPU use since the previous sample of the same processes, in percent of
 *                      one core, summed over the tree (150.0 means one and a half cores busy)
 * @param residentBytes resident set size, summed over the tree
 * @param virtualBytes  virtual memory size, summed over the tree
 * @param readBytes     cumulative bytes read from storage by the processes alive now; can drop
 *                      when a descendant exits, because its counters leave with it
 * @param writtenBytes  cumulative bytes written to storage, with the same caveat
 * @param processCount  processes in the tree, the root included (so at least 1)
 */
public record ResourceSample(
        long pid,
        Instant timestamp,
        double cpuPercent,
        long residentBytes,
        long virtualBytes,
        long readBytes,
        long writtenBytes,
        int processCount) {

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
