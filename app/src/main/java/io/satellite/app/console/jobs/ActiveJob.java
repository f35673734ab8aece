package io.satellite.app.console.jobs;

import java.time.Instant;

/**
 * One running (or queued) external script request, as the DMVs show it: the request from
 * {@code DM_EXTERNAL_SCRIPT_REQUESTS} and its latest resource sample from
 * {@code DM_EXTERNAL_SCRIPT_RESOURCE_USAGE} ({@code sampledAt} null before the first sample).
 */
public record ActiveJob(long id, String user, String language, String pool, String state, long pid,
                        long elapsedMillis, long rowsIn, long rowsOut, Instant sampledAt, double cpuPercent,
                        long residentBytes, long readBytes, long writtenBytes) {
    /** This reading as a point of the job's time series, or null before the first sample. */
    public UsagePoint point() {
        return sampledAt == null ? null : new UsagePoint(sampledAt, cpuPercent, residentBytes, readBytes, writtenBytes);
    }
}
