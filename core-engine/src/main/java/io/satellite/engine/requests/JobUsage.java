package io.satellite.engine.requests;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest measured resource use of one running job: its worker and every process the
 * worker started, summed. The monitor publishes these into {@link UsageBoard}; the engine
 * shows them in {@code SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()}.
 *
 * @param cpuPercent        CPU since the previous sample, in percent of one core (150 = 1.5 cores)
 * @param cpuMillis         CPU time of the job so far, its finished children included
 * @param peakResidentBytes largest resident set seen so far
 * @param readBytes         bytes read from storage so far
 * @param writtenBytes      bytes written to storage so far
 * @param processes         processes in the job's tree now (the worker included)
 * @param openFiles         open file descriptors, or -1 where the OS does not tell
 */
public record JobUsage(long requestId, long pid, Instant sampledAt, double cpuPercent, long cpuMillis,
                       long residentBytes, long peakResidentBytes, long virtualBytes, long readBytes,
                       long writtenBytes, int processes, int threads, long openFiles) {
    public JobUsage {
        Objects.requireNonNull(sampledAt, "sampledAt");
    }
}
