package io.satellite.engine.requests;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's active external script requests, their events, and where finished ones go
 * (the history). Request ids start after the highest id in the history, so they stay
 * unique across restarts.
 */
public final class ExternalRequests {
    private final Map<Long, ExternalRequest> active = new ConcurrentHashMap<>();
    private final List<RequestListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids;
    private final UsageBoard usage = new UsageBoard();
    private final java.util.concurrent.ScheduledExecutorService watchdog =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "external-request-watchdog");
                t.setDaemon(true);
                return t;
            });

    public ExternalRequests(long lastId) {
        this.ids = new AtomicLong(lastId);
        watchdog.scheduleWithFixedDelay(this::cancelOverdue, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void cancelOverdue() {
        java.time.Instant now = java.time.Instant.now();
        for (ExternalRequest r : active.values()) {
            String reason = r.overdue(now);
            if (reason != null) {
                r.cancel(reason);
            }
        }
    }

    /**
     * Cancels an active request: its worker's process tree is killed and the caller gets
     * an error saying why. Returns false if there is no such active request.
     */
    public boolean kill(long id, String byWhom) {
        ExternalRequest r = active.get(id);
        if (r == null) {
            return false;
        }
        r.cancel("killed by " + byWhom + " (KILL_EXTERNAL_SCRIPT)");
        return true;
    }

    /**
     * Cancels an active request for a reason the caller is told (e.g. a limit of its resource
     * pool); its worker's process tree is killed. Returns false if there is no such active request.
     */
    public boolean cancel(long id, String reason) {
        ExternalRequest r = active.get(id);
        if (r == null) {
            return false;
        }
        r.cancel(reason);
        return true;
    }

    /** The latest measured resource use of running jobs (posted by a monitor, if one runs). */
    public UsageBoard usage() {
        return usage;
    }

    public void shutdown() {
        watchdog.shutdownNow();
        active.values().forEach(r -> r.cancel("the engine is shutting down"));
    }

    public void addListener(RequestListener l) {
        listeners.add(l);
    }

    public void removeListener(RequestListener l) {
        listeners.remove(l);
    }

    public ExternalRequest open(String user, String language, String pool, String script, String inputQuery) {
        ExternalRequest r = new ExternalRequest(ids.incrementAndGet(), user, language, pool, script, inputQuery);
        active.put(r.id(), r);
        listeners.forEach(l -> l.queued(r));
        return r;
    }

    public void started(ExternalRequest r, io.satellite.engine.launchpad.Worker worker) {
        r.start(worker);
        listeners.forEach(l -> l.started(r));
    }

    /** A parallel or partitioned request took a further worker. */
    public void workerAdded(ExternalRequest r, io.satellite.engine.launchpad.Worker worker) {
        r.addWorker(worker);
        for (RequestListener l : listeners) {
            l.workerAdded(r, worker.pid());
        }
    }

    public void streaming(ExternalRequest r) {
        r.streaming();
    }

    /**
     * The job is over but its worker still exists: listeners measure it one last time
     * ({@link RequestListener#ending}). A listener that fails does not fail the job.
     */
    public void ending(ExternalRequest r) {
        for (RequestListener l : listeners) {
            try {
                l.ending(r);
            } catch (RuntimeException e) {
                System.err.println("satellite: a request listener failed on request " + r.id() + ": " + e);
            }
        }
    }

    /** Per pool since start-up: {CPU ms of finished requests, largest peak resident bytes}. */
    private final Map<String, long[]> poolUsage = new ConcurrentHashMap<>();

    public long[] poolUsage(String pool) {
        long[] u = poolUsage.get(pool.toLowerCase(java.util.Locale.ROOT));
        return u == null ? new long[2] : u.clone();
    }

    /** Ends a request (once); listeners hear of it and it leaves the active list. */
    public void finish(ExternalRequest r, RequestState end, String error) {
        if (r.finish(end, error)) {
            poolUsage.compute(r.pool().toLowerCase(java.util.Locale.ROOT), (k, u) -> {
                long[] n = u == null ? new long[2] : u;
                n[0] += r.cpuMillis();
                n[1] = Math.max(n[1], r.peakResidentBytes());
                return n;
            });
            active.remove(r.id());
            usage.remove(r.id());
            listeners.forEach(l -> l.finished(r));
        }
    }

    public Optional<ExternalRequest> find(long id) {
        return Optional.ofNullable(active.get(id));
    }

    /** Active requests, oldest first. */
    public List<ExternalRequest> active() {
        return active.values().stream().sorted(Comparator.comparingLong(ExternalRequest::id)).toList();
    }
}
