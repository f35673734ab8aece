package io.satellite.monitor;

import java.time.Instant;

/**
 * A resource pool over one of its limits, and what the monitor did about it.
 *
 * @param requestId the job named: the pool's largest user of the resource
 * @param used      the pool's use: bytes for memory, percent of the host for CPU
 * @param limit     the pool's cap, in the same unit
 * @param message   the explanation; for a kill, the reason the caller gets
 */
public record PoolAlert(Instant at, String pool, Resource resource, Action action, long requestId, double used,
                        double limit, String message) {
    /** The limit that was crossed. */
    public enum Resource {
        /** MAX_MEMORY_PERCENT */
        MEMORY,
        /** MAX_CPU_PERCENT */
        CPU
    }

    /** What the monitor did. */
    public enum Action {
        /** Told the listeners only. */
        ALERT,
        /** Paused the pool's jobs for part of every interval (MAX_CPU_PERCENT). */
        THROTTLE,
        /** Cancelled the job (its process tree is killed; the caller gets the message). */
        KILL
    }
}
