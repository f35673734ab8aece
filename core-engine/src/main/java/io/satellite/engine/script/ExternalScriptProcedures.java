package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.Column;
import io.satellite.engine.exchange.ResultHeader;
import io.satellite.engine.exchange.WireParameter;
import io.satellite.engine.launchpad.LaunchpadException;
import io.satellite.engine.catalog.ResourcePools;
import io.satellite.engine.launchpad.AdmissionTimeoutException;
import io.satellite.engine.launchpad.PoolAdmission;
import io.satellite.engine.launchpad.PoolLimits;
import io.satellite.engine.launchpad.ResourcePool;
import io.satellite.engine.launchpad.Worker;
import java.time.Instant;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.ExternalRequests;
import io.satellite.engine.requests.RequestState;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditTrail;
import io.satellite.engine.security.Authorization;
import io.satellite.engine.security.Capability;
import org.apache.derby.iapi.sql.conn.ConnectionUtil;
import org.apache.derby.iapi.sql.conn.StatementContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;

/** Derby entry point of {@code SQLML.SP_EXECUTE_EXTERNAL_SCRIPT}. */
public final class ExternalScriptProcedures {
    private ExternalScriptProcedures() {
    }

    /**
     * Runs a script. Result set 1 is the output data set (if the script set one and the
     * declaration is not NONE); the next is one row of OUTPUT parameters, if any were declared.
     */
    public static void execute(String language, String script, String inputQuery, String inputName,
                               String outputName, String params, String resultSets,
                               ResultSet[] first, ResultSet[] second) throws SQLException {
        try {
            run(language, script, inputQuery, inputName, outputName, params, resultSets, RunMode.SINGLE, first,
                    second);
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    /**
     * {@code SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX}: the same with SQL Server's {@code @parallel},
     * {@code @input_data_1_partition_by_columns} and {@code @input_data_1_order_by_columns}.
     */
    public static void executeEx(String language, String script, String inputQuery, String inputName,
                                 String outputName, String params, String resultSets, Integer parallel,
                                 String partitionBy, String orderBy, ResultSet[] first, ResultSet[] second)
            throws SQLException {
        try {
            RunMode mode;
            try {
                mode = RunMode.of(parallel, partitionBy, orderBy);
            } catch (IllegalArgumentException e) {
                throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, e.getMessage());
            }
            run(language, script, inputQuery, inputName, outputName, params, resultSets, mode, first, second);
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    private static void run(String language, String script, String inputQuery, String inputName,
                            String outputName, String params, String resultSets, RunMode mode,
                            ResultSet[] first, ResultSet[] second) throws SQLException {
        ExternalScripts service = ExternalScripts.current();
        if (!service.enabled()) {
            throw ScriptErrors.error(ScriptErrors.SCRIPTS_DISABLED, "External scripts are disabled. An administrator"
                    + " enables them with: EXEC sp_configure 'external scripts enabled', 1; RECONFIGURE;"
                    + " (or CALL SQLML.SP_CONFIGURE('external scripts enabled', 1); CALL SQLML.RECONFIGURE())");
        }
        ScriptRequest request;
        try {
            request = ScriptRequest.of(language, script, inputQuery, inputName, outputName, params, resultSets)
                    .with(mode);
        } catch (IllegalArgumentException e) {
            throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, e.getMessage());
        }
        Connection caller = DriverManager.getConnection("jdbc:default:connection");
        ExternalRequests requests = service.requests();
        String user = ConnectionUtil.getCurrentLCC().getSessionUserId();
        SecurityCache.Decision decision = service.securityCache().decide(caller, user, () -> new SecurityCache.Decision(
                permissionDenial(caller), hasPermission(caller, Capability.USE_PACKAGES),
                ResourcePools.find(caller, ResourcePools.classify(caller, user))));
        requirePermission(decision.denial(), user, request);
        request = request.withLibraries(libraryPaths(service, decision.usePackages(), request.language(), user));
        ResourcePool pool = decision.pool()
                .orElseThrow(() -> ScriptErrors.error(ScriptErrors.RUNTIME_FAILURE, "the resource pool of user "
                        + user + " no longer exists"));
        ExternalRequest tracked = requests.open(user, request.language(), pool.name(), request.script(),
                request.inputQuery());
        PoolAdmission.Ticket ticket = admit(service, pool, requests, tracked);
        StatementContext statement = ConnectionUtil.getCurrentLCC().getStatementContext();
        tracked.watch(statement == null ? () -> false : statement::isCancelled,
                pool.maxDuration().map(d -> Instant.now().plus(d)).orElse(null));
        Execution job = request.runMode().single() ? singleJob(service, request, requests, tracked, ticket, pool)
                : new PartitionedRun(service, request, requests, tracked, ticket, pool);
        boolean streaming = false;
        try {
            ResultHeader header = job.run(caller);
            String messages = job.messages();
            if (header.failed()) {
                String printed = messages.isBlank() ? "" : "\n" + messages.stripTrailing();
                throw header.outputError()
                        ? ScriptErrors.error(ScriptErrors.OUTPUT_MISMATCH, header.error() + printed)
                        : ScriptErrors.error(ScriptErrors.SCRIPT_ERROR, "Error in " + request.language() + " script: "
                                + header.error() + printed);
            }
            List<ResultSet> results = new ArrayList<>();
            boolean wantRows = header.hasOutputDataSet()
                    && request.resultSets().kind() != ResultSetDeclaration.Kind.NONE;
            // Derby's network server drops a CALL's own warnings when it returns result sets,
            // but ships a result set's row warnings: remote callers get them on the first row.
            SQLWarning printed = CallerWarnings.chain(messages);
            boolean onFirstRow = wantRows && CallerWarnings.remoteCaller();
            if (printed != null && !onFirstRow) {
                CallerWarnings.add(printed);
            }
            List<ResultColumn> shape = wantRows ? OutputShape.resolve(header.columns(), request.resultSets()) : null;
            // Derby returns dynamic result sets in the order they were opened: the data set first.
            if (wantRows) {
                requests.streaming(tracked);
                results.add(open(caller, service, shape, job, onFirstRow ? printed : null));
                streaming = true;
            }
            if (!header.outputParameters().isEmpty()) {
                results.add(open(caller, service, parameterShape(request, header), new RowsInHand(parameterRow(header)),
                        null));
            }
            first[0] = results.size() > 0 ? results.get(0) : null;
            second[0] = results.size() > 1 ? results.get(1) : null;
        } catch (SQLException | RuntimeException e) {
            if (!streaming) {
                job.fail(e.getMessage());
            }
            throw e;
        } finally {
            if (!streaming) {
                job.close();
            }
        }
    }

    /** One job on one worker (taken from the launchpad now). */
    private static ScriptJob singleJob(ExternalScripts service, ScriptRequest request, ExternalRequests requests,
                                       ExternalRequest tracked, PoolAdmission.Ticket ticket, ResourcePool pool)
            throws SQLException {
        Worker worker;
        try {
            worker = service.acquire(request.language(), pool);
        } catch (LaunchpadException e) {
            ticket.close();
            requests.finish(tracked, RequestState.FAILED, e.getMessage());
            throw ScriptErrors.error(e.getMessage().startsWith("Unknown external language")
                    ? ScriptErrors.UNKNOWN_LANGUAGE : ScriptErrors.RUNTIME_FAILURE, e.getMessage(), e);
        }
        requests.started(tracked, worker);
        return new ScriptJob(worker, request, service.rowsPerRead(), requests, tracked, ticket,
                PoolLimits.of(pool, service.workerLimits()));
    }

    /** EXECUTE ANY EXTERNAL SCRIPT, decided with the owner's rights: null if the caller has it, else why not. */
    private static String permissionDenial(Connection caller) throws SQLException {
        try (PreparedStatement ps = caller.prepareStatement("VALUES SQLML.PERMISSION_DENIAL(?)")) {
            ps.setString(1, Capability.EXECUTE_ANY_EXTERNAL_SCRIPT.sqlName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean hasPermission(Connection caller, Capability capability) throws SQLException {
        try (PreparedStatement ps = caller.prepareStatement("VALUES SQLML.HAS_PERMISSION(?)")) {
            ps.setString(1, capability.sqlName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** Refuses a caller without EXECUTE ANY EXTERNAL SCRIPT; a refusal is audited. */
    private static void requirePermission(String denial, String user, ScriptRequest request) throws SQLException {
        if (denial != null) {
            AuditTrail.note(AuditEvent.script(user, null, request.language(), null, request.script(),
                    request.inputQuery(), AuditEvent.Outcome.DENIED, denial));
            throw ScriptErrors.error(Authorization.DENIED, denial);
        }
    }

    /**
     * The package libraries the job searches first (the user's private one, then the shared
     * one), for users allowed to load packages (rpkgs-users or better); none for the others.
     */
    private static List<String> libraryPaths(ExternalScripts service, boolean usePackages, String language,
                                             String user) {
        var libraries = service.libraries();
        if (!usePackages || libraries == null || !libraries.anyFor(language)) {
            return List.of();
        }
        return libraries.searchPaths(language, user);
    }

    /** Waits for the pool to admit the request (MAX_PROCESSES), up to its queue timeout. */
    private static PoolAdmission.Ticket admit(ExternalScripts service, ResourcePool pool, ExternalRequests requests,
                                              ExternalRequest tracked) throws SQLException {
        try {
            return service.admission().admit(pool);
        } catch (AdmissionTimeoutException e) {
            requests.finish(tracked, RequestState.FAILED, e.getMessage());
            throw ScriptErrors.error(ScriptErrors.POOL_QUEUE_TIMEOUT, "External script request " + tracked.id()
                    + " was not started: it " + e.getMessage().replaceFirst("^request ", ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.finish(tracked, RequestState.CANCELLED, "interrupted while queued");
            throw ScriptErrors.error(ScriptErrors.CANCELLED, "interrupted while waiting in pool " + pool.name());
        }
    }

    private static ResultSet open(Connection caller, ExternalScripts service, List<ResultColumn> shape,
                                  ChunkSource source, SQLWarning warnings) throws SQLException {
        String function = service.shapes().functionFor(shape);
        String token = OutputDataSets.register(shape, source, warnings);
        try {
            PreparedStatement ps = caller.prepareStatement("SELECT * FROM TABLE(SQLML." + function + "(?)) AS T");
            ps.setString(1, token);
            return ps.executeQuery();
        } finally {
            OutputDataSets.discard(token);
        }
    }

    private static List<ResultColumn> parameterShape(ScriptRequest request, ResultHeader header) {
        List<ResultColumn> cols = new ArrayList<>();
        for (WireParameter p : header.outputParameters()) {
            ScriptParameter declared = request.parameters().stream()
                    .filter(d -> d.variableName().equals(p.name())).findFirst().orElseThrow();
            cols.add(new ResultColumn(declared.name(), declared.type()));
        }
        return cols;
    }

    private static Chunk parameterRow(ResultHeader header) {
        List<WireParameter> ps = header.outputParameters();
        Object[][] cols = new Object[ps.size()][];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = new Object[] {ps.get(i).value()};
        }
        return new Chunk(1, cols);
    }

    /** Checks a declared shape against what the runtime returned. */
    static final class OutputShape {
        private OutputShape() {
        }

        static List<ResultColumn> resolve(List<Column> actual, ResultSetDeclaration declaration) throws SQLException {
            List<ResultColumn> out = new ArrayList<>();
            if (declaration.kind() == ResultSetDeclaration.Kind.UNDEFINED) {
                for (int i = 0; i < actual.size(); i++) {
                    String name = actual.get(i).name();
                    out.add(new ResultColumn(name.isEmpty() ? "V" + (i + 1) : name,
                            SqlType.defaultFor(actual.get(i).type())));
                }
                return out;
            }
            List<ResultColumn> declared = declaration.columns();
            if (declared.size() != actual.size()) {
                throw ScriptErrors.error(ScriptErrors.OUTPUT_MISMATCH, "WITH RESULT SETS declares " + declared.size()
                        + " column(s), but the script returned " + actual.size() + ": " + names(actual));
            }
            for (int i = 0; i < declared.size(); i++) {
                if (!ValueConversion.compatible(actual.get(i).type(), declared.get(i).type())) {
                    throw ScriptErrors.error(ScriptErrors.OUTPUT_MISMATCH, "WITH RESULT SETS column " + (i + 1) + " ("
                            + declared.get(i).name() + " " + declared.get(i).type().declaration()
                            + ") cannot hold the script's column '" + actual.get(i).name() + "' of R type "
                            + actual.get(i).type().name().toLowerCase());
                }
            }
            return declared;
        }

        private static String names(List<Column> cols) {
            return String.join(", ", cols.stream().map(Column::name).toList());
        }
    }
}
