package io.satellite.monitor;

/** A job's latest sample, with who runs it and in which resource pool. */
public record JobSample(long requestId, String user, String pool, ResourceSample usage) {
}
