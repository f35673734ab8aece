package io.satellite.engine.requests;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link JobUsage} of each running job. A resource monitor (the {@code monitor}
 * module) posts here; the engine reads it for its DMV. A job's entry goes when it finishes.
 * Empty when no monitor runs.
 */
public final class UsageBoard {
    private final Map<Long, JobUsage> latest = new ConcurrentHashMap<>();

    /** Posts a job's newest figures (ignored once the job has finished, see {@link #remove}). */
    public void post(JobUsage usage, ExternalRequest request) {
        latest.put(usage.requestId(), usage);
        if (request.state().finished()) {
            latest.remove(usage.requestId()); // it finished while we posted
        }
    }

    public Optional<JobUsage> latest(long requestId) {
        return Optional.ofNullable(latest.get(requestId));
    }

    public Collection<JobUsage> all() {
        return List.copyOf(latest.values());
    }

    void remove(long requestId) {
        latest.remove(requestId);
    }
}
