package io.satellite.app.console.jobs;

import io.satellite.monitor.ResourceSample;
import java.time.Instant;

/** One sample of a job's process tree: CPU % of one core, resident bytes, bytes read and written so far. */
public record UsagePoint(Instant at, double cpuPercent, long residentBytes, long readBytes, long writtenBytes) {
    public static UsagePoint of(ResourceSample s) {
        return new UsagePoint(s.timestamp(), s.cpuPercent(), s.residentBytes(), s.readBytes(), s.writtenBytes());
    }
}
