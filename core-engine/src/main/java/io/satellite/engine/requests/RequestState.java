package io.satellite.engine.requests;

/** Where an external script request is in its life. */
public enum RequestState {
    /** Waiting for its resource pool to admit it. */
    QUEUED,
    /** Its worker runs the script (input going in, or the script computing). */
    RUNNING,
    /** The script is done; its output rows stream to the caller. */
    STREAMING,
    /** Finished: succeeded. */
    SUCCEEDED,
    /** Finished: failed (script error, runtime failure, limit). */
    FAILED,
    /** Finished: killed by KILL_EXTERNAL_SCRIPT, a query timeout or the pool's maximum duration. */
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
