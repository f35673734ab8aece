package io.satellite.app.console.audit;

import java.time.Instant;

/** A row of {@code SQLML.AUDIT}: who did what to which object, the outcome, and for scripts what ran. */
public record AuditEntry(long id, Instant at, String principal, String action, String object, String outcome,
                         String detail, Long requestId, String language, String pool, String scriptHash,
                         String script, String inputQuery) {
}
