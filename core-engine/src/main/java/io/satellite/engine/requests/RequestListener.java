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

    default void finished(ExternalRequest request) {
    }
}
