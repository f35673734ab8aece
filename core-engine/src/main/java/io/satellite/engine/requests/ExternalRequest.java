package io.satellite.engine.requests;

import io.satellite.engine.launchpad.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution of sp_execute_external_script, from admission to its last output row, as
 * SQL Server's sys.dm_external_script_requests shows it.
 */
public final class ExternalRequest {
    private final long id;
    private final String user;
    private final String language;
    private final String pool;
    private final String script;
    private final String inputQuery;
    private final Instant queuedAt = Instant.now();
    private final AtomicLong rowsIn = new AtomicLong();
    private final AtomicLong rowsOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile RequestState state = RequestState.QUEUED;
    private volatile Instant startedAt;
    private volatile Instant endedAt;
    private volatile Worker worker;
    private final List<Worker> extraWorkers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String cancelReason;
    private volatile String error;
    private volatile java.util.function.BooleanSupplier callerCancelled = () -> false;
    private volatile Instant deadline;
    private volatile long cpuMillis;
    private volatile long peakResidentBytes;
    private volatile long readBytes;
    private volatile long writtenBytes;

    ExternalRequest(long id, String user, String language, String pool, String script, String inputQuery) {
        this.id = id;
        this.user = user;
        this.language = language;
        this.pool = pool;
        this.script = script;
        this.inputQuery = inputQuery;
    }

    public long id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String language() {
        return language;
    }

    public String pool() {
        return pool;
    }

    public String script() {
        return script;
    }

    public String inputQuery() {
        return inputQuery;
    }

    public RequestState state() {
        return state;
    }

    public Instant queuedAt() {
        return queuedAt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant endedAt() {
        return endedAt;
    }

    /** The worker's pid, or 0 before it has one. */
    public long pid() {
        Worker w = worker;
        return w == null ? 0 : w.pid();
    }

    public long rowsIn() {
        return rowsIn.get();
    }

    public long rowsOut() {
        return rowsOut.get();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public void addInput(long rows, long bytes) {
        rowsIn.addAndGet(rows);
        bytesIn.addAndGet(bytes);
    }

    public void addOutput(long rows, long bytes) {
        rowsOut.addAndGet(rows);
        bytesOut.addAndGet(bytes);
    }

    /** Why it was cancelled (null if it was not). */
    public String cancelReason() {
        return cancelReason;
    }

    public String error() {
        return error;
    }

    /**
     * Watches for the caller giving up (a JDBC query timeout) and for a deadline (the
     * pool's maximum duration); the watchdog cancels the request when either happens.
     */
    public void watch(java.util.function.BooleanSupplier callerCancelled, Instant deadline) {
        this.callerCancelled = callerCancelled;
        this.deadline = deadline;
    }

    /** A reason to cancel now, or null. */
    String overdue(Instant now) {
        if (callerCancelled.getAsBoolean()) {
            return "the caller's query timeout expired";
        }
        if (deadline != null && now.isAfter(deadline)) {
            return "it ran longer than its resource pool's maximum duration";
        }
        return null;
    }

    /** Adds a finished worker's CPU time; the peak is the largest of the request's workers. */
    public synchronized void recordUsage(long cpuMillis, long peakResidentBytes) {
        this.cpuMillis += cpuMillis;
        this.peakResidentBytes = Math.max(this.peakResidentBytes, peakResidentBytes);
    }

    /**
     * Resource use measured by a monitor over the job's whole process tree: each figure
     * keeps the larger of what is recorded and what is given.
     */
    public synchronized void mergeUsage(long cpuMillis, long peakResidentBytes, long readBytes, long writtenBytes) {
        this.cpuMillis = Math.max(this.cpuMillis, cpuMillis);
        this.peakResidentBytes = Math.max(this.peakResidentBytes, peakResidentBytes);
        this.readBytes = Math.max(this.readBytes, readBytes);
        this.writtenBytes = Math.max(this.writtenBytes, writtenBytes);
    }

    /** Bytes the job's processes read from storage (0 unless a monitor measured them). */
    public long readBytes() {
        return readBytes;
    }

    /** Bytes the job's processes wrote to storage (0 unless a monitor measured them). */
    public long writtenBytes() {
        return writtenBytes;
    }

    public long cpuMillis() {
        return cpuMillis;
    }

    public long peakResidentBytes() {
        return peakResidentBytes;
    }

    /** A further worker of a parallel or partitioned request (killed with the others on cancel). */
    synchronized void addWorker(Worker w) {
        extraWorkers.add(w);
        if (cancelReason != null) {
            w.close();
        }
    }

    /** Every worker's pid: the first worker's, then those of a parallel run's further workers. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        Worker w = worker;
        if (w != null) {
            pids.add(w.pid());
        }
        for (Worker extra : extraWorkers) {
            pids.add(extra.pid());
        }
        return pids;
    }

    /** How many workers the request used (more than one for parallel and partitioned runs). */
    public int workerCount() {
        return (worker == null ? 0 : 1) + extraWorkers.size();
    }

    synchronized void start(Worker w) {
        worker = w;
        startedAt = Instant.now();
        state = RequestState.RUNNING;
        if (cancelReason != null) {
            w.close();
        }
    }

    void streaming() {
        state = RequestState.STREAMING;
    }

    /** Kills the worker's process tree; the job then fails with the reason. */
    synchronized void cancel(String reason) {
        if (state.finished() || cancelReason != null) {
            return;
        }
        cancelReason = reason;
        Worker w = worker;
        if (w != null) {
            w.close();
        }
        extraWorkers.forEach(Worker::close);
    }

    synchronized boolean finish(RequestState end, String errorText) {
        if (state.finished()) {
            return false;
        }
        state = cancelReason != null && end != RequestState.SUCCEEDED ? RequestState.CANCELLED : end;
        error = cancelReason != null && end != RequestState.SUCCEEDED ? cancelReason : errorText;
        endedAt = Instant.now();
        return true;
    }

    public long elapsedMillis() {
        Instant end = endedAt == null ? Instant.now() : endedAt;
        return java.time.Duration.between(queuedAt, end).toMillis();
    }
}
