package io.satellite.app.console.jobs;

import io.satellite.app.console.session.ConsoleSession;
import io.satellite.monitor.JobSummary;
import io.satellite.monitor.MonitorListener;

/**
 * The samples of the jobs that end while the console is open, kept from login on (before the
 * Jobs view is first opened): the embedded monitor hands each job's complete series over as it
 * ends. A remote session has no monitor; there the Jobs view keeps what it read from the DMVs.
 */
public final class JobSamples implements AutoCloseable {
    private final SeriesStore store = new SeriesStore();
    private final ConsoleSession session;
    private final MonitorListener endings = new MonitorListener() {
        @Override
        public void jobEnded(JobSummary s) {
            store.replace(s.requestId(), s.series().stream().map(UsagePoint::of).toList());
        }
    };

    public JobSamples(ConsoleSession session) {
        this.session = session;
        session.monitor().ifPresent(m -> m.addListener(endings));
    }

    SeriesStore store() {
        return store;
    }

    @Override
    public void close() {
        session.monitor().ifPresent(m -> m.removeListener(endings));
    }
}
