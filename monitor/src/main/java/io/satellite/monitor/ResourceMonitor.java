package io.satellite.monitor;

import io.satellite.engine.Engine;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.ExternalRequests;
import io.satellite.engine.requests.RequestListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import oshi.SystemInfo;

/**
 * Watches every running external script job live: a sampler thread reads each job's whole
 * process tree (found through the engine's request events, never by scanning the process
 * table) and the host, once per interval. Each sample goes to the listeners, to the job's
 * time series, and to the engine's usage board ({@code SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()}).
 * When a job ends, a last sample is taken on the job's thread, before its worker is discarded,
 * and its totals and peaks go into its history row. Each resource pool's jobs are summed and
 * checked against the pool's limits ({@link PoolEnforcer}).
 *
 * <p>Start one per engine with {@link #start(Engine)}; close it before the engine.
 */
public final class ResourceMonitor implements AutoCloseable {
    private final ExternalRequests requests;
    private final MonitorOptions options;
    private final ProcessSource processes;
    private final HostSampler host;
    private final PoolEnforcer enforcer;
    private final CpuThrottle throttle;
    private final Map<Long, WatchedJob> jobs = new ConcurrentHashMap<>();
    /** The further workers of parallel and partitioned requests, by request id (summed into their pool). */
    private final Map<Long, List<WatchedJob>> partWorkers = new ConcurrentHashMap<>();
    private final List<MonitorListener> listeners = new CopyOnWriteArrayList<>();
    private final RequestListener events = new Events();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "resource-monitor");
        t.setDaemon(true);
        return t;
    });
    private volatile HostSample latestHost;

    ResourceMonitor(ExternalRequests requests, PoolDirectory pools, SystemInfo systemInfo, MonitorOptions options) {
        this.requests = requests;
        this.options = options;
        this.processes = ProcessSources.of(systemInfo);
        this.host = new HostSampler(systemInfo);
        this.throttle = new CpuThrottle(options.interval());
        this.enforcer = new PoolEnforcer(pools, new PoolGovernor(options.memoryGraceSamples(),
                options.cpuGraceSamples()), requests, options.poolRefresh().toNanos(), throttle);
    }

    /**
     * Starts monitoring the engine's jobs, sampling as often as the engine's
     * 'usage sampling interval ms' option said when it started (once a second by default).
     */
    public static ResourceMonitor start(Engine engine) {
        MonitorOptions defaults = MonitorOptions.defaults();
        int ms = engine.configuredAtStart(io.satellite.engine.catalog.ConfigurationProcedures.SAMPLING_INTERVAL,
                (int) defaults.interval().toMillis());
        return start(engine, defaults.withInterval(java.time.Duration.ofMillis(ms)));
    }

    /** How often it samples. */
    public java.time.Duration interval() {
        return options.interval();
    }

    public static ResourceMonitor start(Engine engine, MonitorOptions options) {
        ResourceMonitor m = new ResourceMonitor(engine.requests(), PoolDirectory.of(engine), new SystemInfo(), options);
        m.begin();
        return m;
    }

    void begin() {
        requests.addListener(events);
        long every = options.interval().toNanos();
        sampler.scheduleAtFixedRate(this::sampleSafely, every, every, TimeUnit.NANOSECONDS);
    }

    public void addListener(MonitorListener l) {
        listeners.add(l);
    }

    public void removeListener(MonitorListener l) {
        listeners.remove(l);
    }

    /** A running job's samples so far, oldest first (bounded by the series capacity). */
    public Optional<List<ResourceSample>> series(long requestId) {
        return Optional.ofNullable(jobs.get(requestId)).map(WatchedJob::series);
    }

    /** The last host sample, or null before the first round. */
    public HostSample latestHost() {
        return latestHost;
    }

    public MonitorOptions options() {
        return options;
    }

    /** Watches a process tree as a job of no engine request (benchmarks, tests). */
    void watch(long requestId, String user, String pool, long pid) {
        jobs.put(requestId, new WatchedJob(requestId, user, pool, pid, null, options.seriesCapacity()));
    }

    private void sampleSafely() {
        try {
            sampleRound();
        } catch (RuntimeException | Error e) {
            System.err.println("satellite monitor: a sampling round failed (the next one will run): " + e);
        }
    }

    /** One round: the host, every job, then every pool. Runs on the sampler thread. */
    void sampleRound() {
        HostSample h = host.sample();
        latestHost = h;
        tell(l -> l.hostSampled(h));
        Map<WatchedJob, ResourceSample> sampled = new LinkedHashMap<>();
        for (WatchedJob job : new ArrayList<>(jobs.values())) {
            job.sample(processes).ifPresent(s -> {
                sampled.put(job, s);
                ExternalRequest r = job.request();
                if (r != null) {
                    requests.usage().post(job.usage(s), r);
                }
                tell(l -> l.jobSampled(job.named(s)));
            });
        }
        for (List<WatchedJob> parts : new ArrayList<>(partWorkers.values())) {
            for (WatchedJob part : parts) {
                part.sample(processes).ifPresent(s -> sampled.put(part, s));
            }
        }
        enforcer.review(sampled, h, processes, p -> tell(l -> l.poolSampled(p)), a -> tell(l -> l.alert(a)));
    }

    private void tell(Consumer<MonitorListener> event) {
        for (MonitorListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                System.err.println("satellite monitor: a listener failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        requests.removeListener(events);
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throttle.close(); // resumes every process it paused
        jobs.clear();
        partWorkers.clear();
    }

    /** The engine's request events: start watching, sample one last time, stop. */
    private final class Events implements RequestListener {
        @Override
        public void started(ExternalRequest r) {
            if (r.pid() > 0) {
                jobs.put(r.id(), new WatchedJob(r.id(), r.user(), r.pool(), r.pid(), r, options.seriesCapacity()));
            }
        }

        @Override
        public void workerAdded(ExternalRequest r, long pid) {
            partWorkers.computeIfAbsent(r.id(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(new WatchedJob(r.id(), r.user(), r.pool(), pid, r, options.seriesCapacity()));
        }

        @Override
        public void ending(ExternalRequest r) {
            WatchedJob job = jobs.get(r.id());
            if (job != null) {
                job.sample(processes); // the worker still runs: one last look at its tree
                job.recordInto(r);
            }
        }

        @Override
        public void finished(ExternalRequest r) {
            partWorkers.remove(r.id());
            WatchedJob job = jobs.remove(r.id());
            if (job != null) {
                JobSummary summary = job.summary();
                tell(l -> l.jobEnded(summary));
            }
        }
    }
}
