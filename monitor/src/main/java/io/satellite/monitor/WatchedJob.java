package io.satellite.monitor;

import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.JobUsage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One running job under watch: its request, the account of its process tree and its time
 * series. Sampled by the sampler thread and, once more at its end, by the job's own thread;
 * {@link #sample} is synchronized so the two never interleave.
 */
final class WatchedJob {
    private final long requestId;
    private final String user;
    private final String pool;
    private final long pid;
    private final ProcessHandle root;
    private final ExternalRequest request;
    private final JobAccount account;
    private final SampleSeries series;
    /** Whether the totals went into the request's history row ({@link #recordInto}). */
    private boolean recorded;

    /** @param request the engine's request, or null for a job watched directly (benchmarks) */
    /** The worker's pid (the root of the job's process tree). */
    long pid() {
        return pid;
    }

    /** The worker as it was when watching began; not alive once its pid is reused. */
    ProcessHandle root() {
        return root;
    }

    WatchedJob(long requestId, String user, String pool, long pid, ExternalRequest request, int seriesCapacity) {
        this.requestId = requestId;
        this.user = user;
        this.pool = pool;
        this.pid = pid;
        this.root = ProcessHandle.of(pid).orElse(null);
        this.request = request;
        this.account = new JobAccount(pid);
        this.series = new SampleSeries(seriesCapacity);
    }

    synchronized Optional<ResourceSample> sample(ProcessSource source) {
        if (root != null && !root.isAlive()) {
            return Optional.empty(); // the worker is gone (its pid may already be another process's)
        }
        if (recorded) {
            return Optional.empty(); // its totals are in the history row: the summary must not exceed them
        }
        Optional<ResourceSample> s = account.sample(source, System.nanoTime(), Instant.now());
        s.ifPresent(series::add);
        return s;
    }

    /** Sums the proportional set sizes of the tree's live processes (RSS where PSS is unknown). */
    synchronized long proportionalBytes(ProcessSource source) {
        ResourceSample latest = account.latest();
        long pss = 0;
        for (int p : account.livePids()) {
            long b = source.proportionalSetBytes(p);
            if (b < 0) {
                return latest == null ? 0 : latest.residentBytes();
            }
            pss += b;
        }
        return pss;
    }

    synchronized JobUsage usage(ResourceSample s) {
        return new JobUsage(requestId, pid, s.timestamp(), s.cpuPercent(), s.cpuMillis(), s.residentBytes(),
                account.peakResidentBytes(), s.virtualBytes(), s.readBytes(), s.writtenBytes(), s.processCount(),
                s.threadCount(), s.openFiles());
    }

    /**
     * Puts the measured totals and peaks into the request, for its history row. They are final:
     * a sample the sampler thread takes after this (the worker is being torn down) is not taken,
     * or the job's summary would credit it with more than its history says.
     */
    synchronized void recordInto(ExternalRequest r) {
        r.mergeUsage(account.cpuMillis(), account.peakResidentBytes(), account.readBytes(), account.writtenBytes());
        recorded = true;
    }

    synchronized JobSummary summary() {
        return new JobSummary(requestId, user, pool, pid, account.cpuMillis(), account.peakResidentBytes(),
                account.peakCpuPercent(), account.peakProcesses(), account.readBytes(), account.writtenBytes(),
                series.samples());
    }

    List<ResourceSample> series() {
        return series.samples();
    }

    JobSample named(ResourceSample s) {
        return new JobSample(requestId, user, pool, s);
    }

    long requestId() {
        return requestId;
    }

    String pool() {
        return pool;
    }

    /** The engine's request, or null. */
    ExternalRequest request() {
        return request;
    }
}
