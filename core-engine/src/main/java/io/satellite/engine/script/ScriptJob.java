package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.JdbcInput;
import io.satellite.engine.exchange.JobWriter;
import io.satellite.engine.exchange.ProtocolException;
import io.satellite.engine.exchange.ResultHeader;
import io.satellite.engine.exchange.ResultReader;
import io.satellite.engine.exchange.WireParameter;
import io.satellite.engine.launchpad.Worker;
import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.ExternalRequests;
import io.satellite.engine.requests.ProcessUsage;
import io.satellite.engine.requests.RequestState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One external script execution on one worker: sends the job and the input query's rows,
 * reads the runtime's answer, then streams the output rows until they run out. The worker
 * is closed (process tree killed, directory removed) when the job is closed.
 */
final class ScriptJob implements Execution {
    /** How much of a failed worker's printed output its error carries (the end of it). */
    private static final int OUTPUT_IN_ERROR = 4000;
    private static final Pattern FORK_FAILED = Pattern.compile(
            "(?i)unable to fork|cannot fork|resource temporarily unavailable");
    private final Worker worker;
    private final ScriptRequest request;
    private final int rowsPerRead;
    private final ExternalRequests requests;
    private final ExternalRequest tracked;
    private ResultReader reader;
    private CountingStreams.In resultBytes;
    private boolean closed;
    /** Whether the runtime's answer (its header) arrived: a death after it breaks off the rows. */
    private boolean answered;

    private final AutoCloseable admission;
    private final ResourceLimits limits;

    /** Writes a job's input: its schema, its chunks, and the end mark. */
    @FunctionalInterface
    interface InputFeed {
        void send(JobWriter out, CountingStreams.Out sent) throws SQLException, IOException;
    }

    /**
     * @param requests  where the request is finished when the job ends; null for one part of a
     *                  parallel or partitioned request, which its run finishes
     * @param limits    the rlimits the worker runs under, named when it fails for want of memory or dies
     */
    ScriptJob(Worker worker, ScriptRequest request, int rowsPerRead, ExternalRequests requests,
              ExternalRequest tracked, AutoCloseable admission, ResourceLimits limits) {
        this.admission = admission;
        this.limits = limits;
        this.worker = worker;
        this.request = request;
        this.rowsPerRead = rowsPerRead;
        this.requests = requests;
        this.tracked = tracked;
    }

    Worker worker() {
        return worker;
    }

    @Override
    public String messages() {
        return worker.messages();
    }

    /** Sends the job and the input query's rows; returns the runtime's answer once the script has run. */
    @Override
    public ResultHeader run(Connection caller) throws SQLException {
        return run(parameters(caller, request), (out, sent) -> sendInput(caller, out, sent));
    }

    /** The request's parameters as sent, long values read from the caller's session. */
    static List<WireParameter> parameters(Connection caller, ScriptRequest request) throws SQLException {
        List<WireParameter> params = new ArrayList<>();
        for (ScriptParameter p : request.parameters()) {
            params.add(SessionValues.resolve(caller, p).toWire());
        }
        return params;
    }

    /** Sends the job, its parameters and its input; returns the runtime's answer once the script has run. */
    ResultHeader run(List<WireParameter> params, InputFeed input) throws SQLException {
        CountingStreams.Out sent;
        try {
            sent = new CountingStreams.Out(worker.jobInput());
        } catch (IOException e) {
            throw runtimeFailure("the runtime did not take its job", e);
        }
        try (JobWriter out = new JobWriter(sent)) {
            out.writeHeader(request.script(), request.inputName(), request.outputName(), request.libraryPaths(), params);
            input.send(out, sent);
        } catch (IOException e) {
            throw runtimeFailure("the runtime stopped reading its input", e);
        }
        try {
            resultBytes = new CountingStreams.In(worker.resultOutput());
            reader = new ResultReader(resultBytes);
            ResultHeader header = reader.readHeader();
            worker.awaitScriptMessages();
            if (header == null) {
                throw runtimeFailure("the runtime exited before returning a result", null);
            }
            answered = true;
            return withLimitHint(header);
        } catch (IOException | ProtocolException e) {
            throw runtimeFailure("the runtime's answer could not be read: " + e.getMessage(), e);
        }
    }

    private void sendInput(Connection caller, JobWriter out, CountingStreams.Out sent)
            throws SQLException, IOException {
        if (request.inputQuery() == null) {
            out.writeInputSchema(List.of());
            out.writeEnd();
            return;
        }
        try (PreparedStatement ps = prepareInput(caller); ResultSet rs = ps.executeQuery()) {
            JdbcInput input = new JdbcInput(rs);
            out.writeInputSchema(InputColumnNames.asWritten(request.inputQuery(), input.columns()));
            Chunk chunk;
            do {
                chunk = input.nextChunk(rowsPerRead);
                long before = sent.count();
                out.writeChunk(chunk);
                tracked.addInput(chunk.rows(), sent.count() - before);
            } while (chunk.rows() == rowsPerRead);
            out.writeEnd();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("38S")) {
                throw e;
            }
            throw ScriptErrors.error(ScriptErrors.INPUT_ERROR, "@input_data_1 failed: " + e.getMessage()
                    + " [" + e.getSQLState() + "]", e);
        }
    }

    private PreparedStatement prepareInput(Connection caller) throws SQLException {
        PreparedStatement ps = caller.prepareStatement(request.inputQuery());
        if (ps.getMetaData() == null) {
            ps.close();
            throw ScriptErrors.error(ScriptErrors.INPUT_ERROR,
                    "@input_data_1 must be a query that returns rows (a SELECT or VALUES)");
        }
        return ps;
    }

    @Override
    public Chunk next() throws SQLException {
        if (closed) {
            return null;
        }
        try {
            long before = resultBytes.count();
            Chunk c = reader.nextChunk();
            if (c == null) {
                close();
            } else {
                tracked.addOutput(c.rows(), resultBytes.count() - before);
            }
            return c;
        } catch (IOException | ProtocolException e) {
            SQLException failure = runtimeFailure("the runtime's output broke off: " + e.getMessage(), e);
            fail(failure.getMessage());
            throw failure;
        }
    }

    SQLException runtimeFailure(String what, Throwable cause) {
        if (tracked.cancelReason() != null) {
            return ScriptErrors.error(ScriptErrors.CANCELLED, "External script request " + tracked.id()
                    + " was cancelled: " + tracked.cancelReason(), cause);
        }
        int exit = worker.awaitExit(2000);
        // the exit of a forked worker (not the engine's child) is seen late: ask whether it runs
        boolean died = (exit != -1 || !worker.isAlive()) && cutShort(cause);
        String err = tail(worker.errorOutput().strip());
        return ScriptErrors.error(ScriptErrors.RUNTIME_FAILURE, "External script runtime " + worker.language()
                + " failed: " + what + (exit >= 0 ? " (exit status " + exit + ")" : "")
                + (died ? "; " + endedWithoutAnswer() : "")
                + (err.isEmpty() ? "" : "\n" + err), cause);
    }

    /** Whether the runtime's output stopped short, rather than carrying something that is not the protocol. */
    private static boolean cutShort(Throwable cause) {
        return !(cause instanceof ProtocolException) || String.valueOf(cause.getMessage()).contains("ended in the middle");
    }

    /** Names the limits that kill a worker without a word (CPU time, processes, file size, memory). */
    private String endedWithoutAnswer() {
        List<String> set = new ArrayList<>();
        if (limits.cpuSeconds() > 0) {
            set.add("CPU time " + limits.cpuSeconds() + " s");
        }
        if (limits.addressSpaceBytes() > 0) {
            set.add("address space " + mib(limits.addressSpaceBytes()));
        }
        if (limits.maxFileSizeBytes() > 0) {
            set.add("file size " + mib(limits.maxFileSizeBytes()));
        }
        if (limits.maxProcesses() > 0) {
            set.add("processes " + limits.maxProcesses());
        }
        return (answered ? "the worker ended in the middle of its answer"
                : "the worker ended without an answer")
                + (set.isEmpty() ? "" : "; it may have exceeded a limit: " + String.join(", ", set));
    }

    /**
     * A script error that comes from a limit says how much was wanted ("cannot allocate vector
     * of size 190.7 Mb", "unable to fork"); add what the worker was allowed.
     */
    private ResultHeader withLimitHint(ResultHeader header) {
        String hint = null;
        if (!header.failed()) {
            return header;
        } else if (header.error().contains("cannot allocate") && limits.addressSpaceBytes() > 0) {
            hint = "the worker's address space is limited to " + mib(limits.addressSpaceBytes());
        } else if (FORK_FAILED.matcher(header.error()).find() && limits.maxProcesses() > 0) {
            hint = "the process limit is " + limits.maxProcesses() + " (per worker where each has a uid of its own)";
        }
        return hint == null ? header
                : new ResultHeader(header.error() + " (" + hint + ")", header.outputError(), header.outputParameters(),
                        header.columns());
    }

    /** The end of what a dying worker printed: the part that tells why (a flood of output would bury it). */
    private static String tail(String printed) {
        return printed.length() <= OUTPUT_IN_ERROR ? printed
                : "... (" + (printed.length() - OUTPUT_IN_ERROR) + " characters before)\n"
                        + printed.substring(printed.length() - OUTPUT_IN_ERROR);
    }

    private static String mib(long bytes) {
        return bytes % ResourceLimits.MIB == 0 ? bytes / ResourceLimits.MIB + " MiB" : bytes + " bytes";
    }

    /** Ends the job as a success (all output read, or the caller closed the rows early). */
    @Override
    public void close() {
        end(RequestState.SUCCEEDED, null);
    }

    /** Ends the job as a failure with the message the caller got. */
    @Override
    public void fail(String message) {
        end(RequestState.FAILED, message);
    }

    private synchronized void end(RequestState state, String error) {
        if (closed) {
            return;
        }
        closed = true;
        long[] usage = ProcessUsage.read(worker.pid());
        tracked.recordUsage(usage[0], usage[1]);
        if (requests != null) {
            requests.ending(tracked); // a monitor measures the process tree one last time
        }
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException e) {
            // the pipe is going away with the worker
        } finally {
            worker.close();
            try {
                admission.close();
            } catch (Exception e) {
                // releasing a place in the pool cannot fail
            }
            if (requests != null) {
                requests.finish(tracked, state, error);
            }
        }
    }
}
