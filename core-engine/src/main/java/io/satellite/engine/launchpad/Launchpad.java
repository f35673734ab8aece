package io.satellite.engine.launchpad;

import java.util.Set;

/**
 * Starts workers for external scripts, as SQL Server's Launchpad service does. Each worker
 * runs exactly one job and is then discarded.
 */
public interface Launchpad extends AutoCloseable {

    /** A fresh worker for the language (case-insensitive); the caller closes it. */
    Worker acquire(String language) throws LaunchpadException;

    /**
     * What the launchpad keeps running on purpose between jobs (zygotes and warm workers):
     * their process ids and working directories. Anything else it started is a job's, and
     * is gone shortly after that job ends.
     */
    default Standby standby() {
        return Standby.NONE;
    }

    /** Whether each worker runs as a uid of its own, and if not why (a line of the sandbox diagnostics). */
    default io.satellite.engine.launchpad.sandbox.IsolationFeature uidPerWorker() {
        return new io.satellite.engine.launchpad.sandbox.IsolationFeature("a uid per worker", false,
                "this launchpad gives its workers no uid of their own");
    }

    /**
     * Whether a job can reach the jobs running beside it (their files, their /proc, signals),
     * and why (a line of the sandbox diagnostics).
     */
    default io.satellite.engine.launchpad.sandbox.IsolationFeature otherJobsOutOfReach() {
        return new io.satellite.engine.launchpad.sandbox.IsolationFeature(OTHER_JOBS_OUT_OF_REACH, true,
                "every worker starts cold in a sandbox of its own: its own PID and mount namespaces, in which the"
                + " only job directory is its own");
    }

    String OTHER_JOBS_OUT_OF_REACH = "other jobs out of reach";

    /** The registered languages, as they are spelled in configuration. */
    Set<String> languages();

    @Override
    void close();
}
