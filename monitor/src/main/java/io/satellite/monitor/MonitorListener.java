package io.satellite.monitor;

/**
 * Hears what the {@link ResourceMonitor} measures. Called on the monitor's sampler thread
 * ({@link #jobEnded} on the job's thread): return quickly, never block, and hand work for a
 * user interface over to its own thread.
 */
public interface MonitorListener {
    default void hostSampled(HostSample sample) {
    }

    default void jobSampled(JobSample sample) {
    }

    /** Once per round for each pool with running jobs, after its jobs' samples. */
    default void poolSampled(PoolSample sample) {
    }

    default void alert(PoolAlert alert) {
    }

    default void jobEnded(JobSummary summary) {
    }
}
