package io.satellite.app.console.jobs;

import java.time.Instant;

/** A row of {@code SQLML.EXTERNAL_SCRIPT_HISTORY_V}: a finished request and its totals. */
public record FinishedJob(long id, String user, String language, String pool, String status, Instant queuedAt,
                          Instant endedAt, long elapsedMillis, long rowsIn, long rowsOut, long peakResidentBytes,
                          long cpuMillis, long readBytes, long writtenBytes, int workers, String error,
                          String script, String inputQuery) {
}
