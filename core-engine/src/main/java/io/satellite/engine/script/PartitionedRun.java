package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.Column;
import io.satellite.engine.exchange.JdbcInput;
import io.satellite.engine.exchange.ResultHeader;
import io.satellite.engine.launchpad.LaunchpadException;
import io.satellite.engine.launchpad.PoolAdmission;
import io.satellite.engine.launchpad.ResourcePool;
import io.satellite.engine.launchpad.Worker;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.ExternalRequests;
import io.satellite.engine.requests.RequestState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * A parallel or partitioned request: the input is read once (ordered by the partition
 * key), cut into parts, and each part runs the script on a fresh worker of its own, up to
 * the request's degree at once. The degree is the CPUs the pool may use, and no more
 * places than its MAX_PROCESSES has free: extra workers take free places, never queue.
 * Outputs are concatenated in input order; they must all have the same columns.
 */
final class PartitionedRun implements Execution {
    private final ExternalScripts service;
    private final ScriptRequest request;
    private final ExternalRequests requests;
    private final ExternalRequest tracked;
    private final PoolAdmission.Ticket ticket;
    private final ResourcePool pool;
    private final List<PoolAdmission.Ticket> extraTickets = new ArrayList<>();
    private final List<Future<PartResult>> parts = new ArrayList<>();
    private final List<ScriptJob> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final StringBuilder printed = new StringBuilder();
    private ExecutorService runners;
    private Semaphore slots;
    private List<Column> inputColumns;
    private List<io.satellite.engine.exchange.WireParameter> parameters;
    private Iterator<Chunk> output;
    private boolean firstWorker = true;
    private boolean ended;

    /** What one part returned: the runtime's header and rows, or the failure. */
    private record PartResult(InputParts.Part part, ResultHeader header, List<Chunk> rows, String printed,
                              SQLException failure) {
    }

    PartitionedRun(ExternalScripts service, ScriptRequest request, ExternalRequests requests, ExternalRequest tracked,
                   PoolAdmission.Ticket ticket, ResourcePool pool) {
        this.service = service;
        this.request = request;
        this.requests = requests;
        this.tracked = tracked;
        this.ticket = ticket;
        this.pool = pool;
    }

    /** How many parts may run at once: the pool's CPUs, within its free MAX_PROCESSES places. */
    private int degree() {
        int cpus = Runtime.getRuntime().availableProcessors();
        if (!pool.cpus().isEmpty()) {
            cpus = pool.cpus().size();
        }
        int degree = 1;
        while (degree < cpus) {
            var extra = service.admission().tryAdmit(pool);
            if (extra.isEmpty()) {
                break;
            }
            extraTickets.add(extra.get());
            degree++;
        }
        return degree;
    }

    @Override
    public ResultHeader run(Connection caller) throws SQLException {
        parameters = ScriptJob.parameters(caller, request);
        int degree = degree();
        slots = new Semaphore(degree);
        runners = Executors.newFixedThreadPool(degree, r -> {
            Thread t = new Thread(r, "external-request-" + tracked.id() + "-part");
            t.setDaemon(true);
            return t;
        });
        readInput(caller);
        List<Chunk> rows = new ArrayList<>();
        List<Column> shape = null;
        String shapeOf = null;
        for (Future<PartResult> f : parts) {
            PartResult r = result(f);
            if (r.printed() != null && !r.printed().isBlank()) {
                printed.append(r.printed());
            }
            if (r.failure() != null) {
                throw labelled(r.failure(), r.part());
            }
            ResultHeader h = r.header();
            if (h.failed()) {
                return new ResultHeader(h.error() + " (in the part with " + r.part().label() + ")", h.outputError(),
                        List.of(), h.columns());
            }
            if (!h.hasOutputDataSet()) {
                continue;
            }
            if (shape == null) {
                shape = h.columns();
                shapeOf = r.part().label();
            } else if (!shape.equals(h.columns())) {
                throw ScriptErrors.error(ScriptErrors.OUTPUT_MISMATCH, "the parts returned different columns: "
                        + describe(shape) + " for " + shapeOf + ", but " + describe(h.columns()) + " for "
                        + r.part().label() + "; declare them with WITH RESULT SETS or make the script return the"
                        + " same columns for every part");
            }
            rows.addAll(r.rows());
        }
        output = rows.iterator();
        releaseExtraPlaces(); // every part is done: only the request's own place is held while it streams
        return new ResultHeader(null, false, List.of(), shape);
    }

    private void readInput(Connection caller) throws SQLException {
        int rowsPerRead = service.rowsPerRead();
        try (PreparedStatement ps = caller.prepareStatement(orderedInput(caller)); ResultSet rs = ps.executeQuery()) {
            JdbcInput input = new JdbcInput(rs);
            inputColumns = InputColumnNames.asWritten(request.inputQuery(), input.columns());
            InputParts cutter;
            try {
                cutter = request.runMode().partitioned()
                        ? InputParts.byKey(inputColumns, request.runMode().partitionBy(), this::start)
                        : InputParts.byBlock(inputColumns, rowsPerRead, this::start);
            } catch (IllegalArgumentException e) {
                throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, e.getMessage());
            }
            Chunk chunk;
            do {
                chunk = input.nextChunk(rowsPerRead);
                cutter.add(chunk);
            } while (chunk.rows() == rowsPerRead);
            cutter.finish();
        } catch (SQLException e) {
            stopParts();
            if (e.getSQLState() != null && e.getSQLState().startsWith("38S")) {
                throw e;
            }
            throw ScriptErrors.error(ScriptErrors.INPUT_ERROR, "@input_data_1 failed: " + e.getMessage()
                    + " [" + e.getSQLState() + "]", e);
        }
    }

    /** The input query, ordered by the partition key (then the order columns) when partitioned. */
    private String orderedInput(Connection caller) throws SQLException {
        RunMode mode = request.runMode();
        if (!mode.partitioned()) {
            return request.inputQuery();
        }
        List<String> names = new ArrayList<>();
        try (PreparedStatement probe = caller.prepareStatement(request.inputQuery())) {
            var md = probe.getMetaData();
            for (int i = 1; md != null && i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
        }
        for (String column : mode.partitionBy()) {
            require(names, column, "partition");
        }
        for (String column : mode.orderBy()) {
            require(names, column, "order");
        }
        List<String> order = new ArrayList<>(mode.partitionBy());
        order.addAll(mode.orderBy());
        return "SELECT * FROM (" + request.inputQuery() + "\n) AS SQLML_INPUT ORDER BY "
                + order.stream().map(RunMode::quoted).collect(Collectors.joining(", "));
    }

    private static void require(List<String> names, String column, String kind) throws SQLException {
        if (!names.contains(column)) {
            throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, kind + " column '" + column + "' is not a column"
                    + " of @input_data_1 (" + String.join(", ", names) + ")");
        }
    }

    /** Starts a part on a fresh worker once one of the request's places is free. */
    private void start(InputParts.Part part) throws SQLException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ScriptErrors.error(ScriptErrors.CANCELLED, "interrupted while starting a part");
        }
        if (tracked.cancelReason() != null) {
            slots.release();
            throw ScriptErrors.error(ScriptErrors.CANCELLED, "External script request " + tracked.id()
                    + " was cancelled: " + tracked.cancelReason());
        }
        Worker worker;
        try {
            worker = service.acquire(request.language(), pool);
        } catch (LaunchpadException e) {
            slots.release();
            throw ScriptErrors.error(e.getMessage().startsWith("Unknown external language")
                    ? ScriptErrors.UNKNOWN_LANGUAGE : ScriptErrors.RUNTIME_FAILURE, e.getMessage(), e);
        }
        if (firstWorker) {
            requests.started(tracked, worker);
            firstWorker = false;
        } else {
            requests.workerAdded(tracked, worker);
        }
        ScriptJob job = new ScriptJob(worker, request, service.rowsPerRead(), null, tracked, () -> { },
                io.satellite.engine.launchpad.PoolLimits.of(pool, service.workerLimits()));
        jobs.add(job);
        parts.add(runners.submit(() -> runPart(job, part)));
    }

    private PartResult runPart(ScriptJob job, InputParts.Part part) {
        try {
            ResultHeader header = job.run(parameters, (out, sent) -> {
                out.writeInputSchema(inputColumns);
                for (Chunk c : part.chunks()) {
                    long before = sent.count();
                    out.writeChunk(c);
                    tracked.addInput(c.rows(), sent.count() - before);
                }
                out.writeEnd();
            });
            List<Chunk> rows = new ArrayList<>();
            if (!header.failed() && header.hasOutputDataSet()) {
                for (Chunk c = job.next(); c != null; c = job.next()) {
                    rows.add(c);
                }
            }
            return new PartResult(part, header, rows, job.messages(), null);
        } catch (SQLException e) {
            return new PartResult(part, null, null, job.messages(), e);
        } finally {
            job.close();
            slots.release();
        }
    }

    private PartResult result(Future<PartResult> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopParts();
            throw ScriptErrors.error(ScriptErrors.CANCELLED, "interrupted while waiting for the parts");
        } catch (ExecutionException e) {
            stopParts();
            throw ScriptErrors.error(ScriptErrors.RUNTIME_FAILURE, "a part failed: " + e.getCause(), e.getCause());
        }
    }

    private static SQLException labelled(SQLException e, InputParts.Part part) {
        return new SQLException(e.getMessage() + " (in the part with " + part.label() + ")", e.getSQLState(), e);
    }

    private static String describe(List<Column> columns) {
        return "(" + columns.stream().map(c -> c.name() + " " + c.type().name().toLowerCase())
                .collect(Collectors.joining(", ")) + ")";
    }

    private synchronized void releaseExtraPlaces() {
        extraTickets.forEach(PoolAdmission.Ticket::close);
        extraTickets.clear();
    }

    /** Kills the parts still running (a part failed, or the input did). */
    private void stopParts() {
        jobs.forEach(ScriptJob::close);
        parts.forEach(f -> f.cancel(false));
    }

    @Override
    public String messages() {
        return printed.toString();
    }

    @Override
    public Chunk next() {
        if (output == null || !output.hasNext()) {
            close();
            return null;
        }
        return output.next(); // counted as each part's rows were read
    }

    @Override
    public void close() {
        end(RequestState.SUCCEEDED, null);
    }

    @Override
    public void fail(String message) {
        end(RequestState.FAILED, message);
    }

    private synchronized void end(RequestState state, String error) {
        if (ended) {
            return;
        }
        ended = true;
        stopParts();
        if (runners != null) {
            runners.shutdownNow();
        }
        releaseExtraPlaces();
        ticket.close();
        requests.ending(tracked);
        requests.finish(tracked, state, error);
    }
}
