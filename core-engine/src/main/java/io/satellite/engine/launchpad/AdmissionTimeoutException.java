package io.satellite.engine.launchpad;

import java.time.Duration;

/** A job waited its pool's QUEUE_TIMEOUT_SECONDS for a place among the pool's MAX_PROCESSES and got none. */
public class AdmissionTimeoutException extends Exception {
    private final String pool;
    private final Duration waited;
    private final int maxProcesses;

    public AdmissionTimeoutException(String pool, Duration waited, int maxProcesses, int queueTimeoutSeconds) {
        super("request waited " + seconds(waited) + " s in the queue of pool '" + pool + "' (MAX_PROCESSES = "
                + maxProcesses + ", QUEUE_TIMEOUT_SECONDS = " + queueTimeoutSeconds + ")");
        this.pool = pool;
        this.waited = waited;
        this.maxProcesses = maxProcesses;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms >= 1000 || ms == 0 ? String.valueOf(Math.round(ms / 1000.0))
                : String.format(java.util.Locale.ROOT, "%.1f", ms / 1000.0);
    }

    public String pool() {
        return pool;
    }

    public Duration waited() {
        return waited;
    }

    public int maxProcesses() {
        return maxProcesses;
    }
}
