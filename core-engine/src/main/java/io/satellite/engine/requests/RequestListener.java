package io.satellite.engine.requests;

/**
 * Hears requests come and go (the monitor and the console listen). Called on the job's
 * thread: return quickly and never block.
 */
public interface RequestListener {
    default void queued(ExternalRequest request) {
    }

    /** The request has its worker; {@code request.pid()} is the process to watch. */
    default void started(ExternalRequest request) {
    }

    /** A parallel or partitioned request took a further worker, {@code pid}. */
    default void workerAdded(ExternalRequest request, long pid) {
    }

    /**
     * The job is over and its worker is about to be discarded: its process tree can still be
     * measured one last time, and figures merged into the request now
     * ({@link ExternalRequest#mergeUsage}) reach the history row. Comes before {@link #finished}.
     */
    default void ending(ExternalRequest request) {
    }

    default void finished(ExternalRequest request) {
    }
}
