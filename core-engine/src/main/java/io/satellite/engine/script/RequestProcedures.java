package io.satellite.engine.script;

import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.security.Authorization;
import io.satellite.engine.security.Principals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.derby.vti.VTITemplate;

/**
 * {@code SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()} (active requests, as
 * sys.dm_external_script_requests) and {@code SQLML.KILL_EXTERNAL_SCRIPT(id)}. A user sees
 * and kills only their own requests; administrators (the owner, SQLML_ADMIN) see and kill all.
 */
public final class RequestProcedures {
    private RequestProcedures() {
    }

    /** The caller's authorization id, normalized as Derby stores it (bob -> BOB). */
    private static String callerName() throws SQLException {
        return org.apache.derby.iapi.sql.conn.ConnectionUtil.getCurrentLCC().getSessionUserId();
    }

    /** Administrators (VIEW SERVER STATE) see every user's requests. */
    private static boolean callerIsAdmin(String user) throws SQLException {
        return Principals.isAdmin(java.sql.DriverManager.getConnection("jdbc:default:connection"), user);
    }

    public static ResultSet activeRequests() throws SQLException {
        String user = callerName();
        boolean admin = callerIsAdmin(user);
        List<Object[]> rows = new ArrayList<>();
        for (ExternalRequest r : ExternalScripts.current().requests().active()) {
            if (admin || user.equals(r.user())) {
                rows.add(new Object[] {r.id(), r.user(), r.language(), r.pool(), r.state().name(), r.pid(),
                        Timestamp.from(r.queuedAt()), r.startedAt() == null ? null : Timestamp.from(r.startedAt()),
                        r.elapsedMillis(), r.rowsIn(), r.rowsOut(), r.bytesIn(), r.bytesOut()});
            }
        }
        return new Rows(rows);
    }

    /** {@code SQLML.DM_EXTERNAL_RESOURCE_POOLS()}: each pool's limits and current use. */
    public static ResultSet resourcePools() throws SQLException {
        ExternalScripts service = ExternalScripts.current();
        List<Object[]> rows = new ArrayList<>();
        for (io.satellite.engine.launchpad.ResourcePool p : io.satellite.engine.catalog.ResourcePools.load(
                java.sql.DriverManager.getConnection("jdbc:default:connection"))) {
            long active = service.requests().active().stream()
                    .filter(r -> r.pool().equalsIgnoreCase(p.name()) && r.state() != io.satellite.engine.requests.RequestState.QUEUED)
                    .count();
            long[] usage = service.requests().poolUsage(p.name());
            rows.add(new Object[] {p.name(), (long) p.maxCpuPercent(), (long) p.maxMemoryPercent(),
                    (long) p.maxProcesses(), active, (long) service.admission().queued(p.name()),
                    (long) service.admission().peakActive(p.name()), usage[0], usage[1]});
        }
        return new Rows(rows);
    }

    /** {@code SQLML.DM_EXTERNAL_SANDBOX()}: which isolation features and limits hold on this host. */
    public static ResultSet sandbox() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (io.satellite.engine.launchpad.sandbox.IsolationFeature f : ExternalScripts.current().isolation()) {
            rows.add(new Object[] {f.name(), f.enforced() ? "YES" : "NO", f.detail()});
        }
        return new Rows(rows);
    }

    public static void kill(Long requestId) throws SQLException {
        if (requestId == null) {
            throw ScriptErrors.error(ScriptErrors.INVALID_ARGUMENT, "KILL_EXTERNAL_SCRIPT needs a request id");
        }
        String user = callerName();
        ExternalScripts service = ExternalScripts.current();
        ExternalRequest r = service.requests().find(requestId).orElseThrow(() -> ScriptErrors.error(
                ScriptErrors.INVALID_ARGUMENT, "there is no active external script request " + requestId
                        + "; see SELECT * FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T"));
        if (!user.equals(r.user()) && !callerIsAdmin(user)) {
            throw ScriptErrors.forCaller(new SQLException("user " + user + " may not kill request " + requestId
                    + " of user " + r.user() + ": only its owner and administrators may", Authorization.DENIED));
        }
        service.requests().kill(requestId, user);
    }

    /** Rows already in hand, for Derby's table functions. */
    public static final class Rows extends VTITemplate {
        private final List<Object[]> rows;
        private int index = -1;
        private boolean wasNull;

        public Rows(List<Object[]> rows) {
            this.rows = rows;
        }

        @Override
        public boolean next() {
            return ++index < rows.size();
        }

        @Override
        public void close() {
            index = rows.size();
        }

        private Object value(int column) {
            Object v = rows.get(index)[column - 1];
            wasNull = v == null;
            return v;
        }

        @Override
        public boolean wasNull() {
            return wasNull;
        }

        @Override
        public long getLong(int column) {
            Object v = value(column);
            return v == null ? 0 : ((Number) v).longValue();
        }

        @Override
        public double getDouble(int column) {
            Object v = value(column);
            return v == null ? 0 : ((Number) v).doubleValue();
        }

        @Override
        public int getInt(int column) {
            Object v = value(column);
            return v == null ? 0 : ((Number) v).intValue();
        }

        @Override
        public String getString(int column) {
            Object v = value(column);
            return v == null ? null : v.toString();
        }

        @Override
        public Timestamp getTimestamp(int column) {
            return (Timestamp) value(column);
        }

        @Override
        public Timestamp getTimestamp(int column, java.util.Calendar cal) {
            return getTimestamp(column);
        }
    }
}
