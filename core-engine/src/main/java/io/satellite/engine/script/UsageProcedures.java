package io.satellite.engine.script;

import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.JobUsage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()}: the latest sample of each running job's
 * resource use, as the monitor last measured it (no rows when no monitor runs). A user sees
 * only their own jobs; administrators see all.
 */
public final class UsageProcedures {
    private UsageProcedures() {
    }

    public static ResultSet latestUsage() throws SQLException {
        String user = org.apache.derby.iapi.sql.conn.ConnectionUtil.getCurrentLCC().getSessionUserId();
        ExternalScripts service = ExternalScripts.current();
        boolean admin = io.satellite.engine.security.Principals.isAdmin(
                java.sql.DriverManager.getConnection("jdbc:default:connection"), user);
        List<Object[]> rows = new ArrayList<>();
        for (ExternalRequest r : service.requests().active()) {
            Optional<JobUsage> sample = service.requests().usage().latest(r.id());
            if (sample.isEmpty() || !(admin || user.equals(r.user()))) {
                continue;
            }
            JobUsage u = sample.get();
            rows.add(new Object[] {r.id(), r.user(), r.pool(), u.pid(), Timestamp.from(u.sampledAt()),
                    u.cpuPercent(), u.cpuMillis(), u.residentBytes(), u.peakResidentBytes(), u.virtualBytes(),
                    u.readBytes(), u.writtenBytes(), u.processes(), u.threads(),
                    u.openFiles() < 0 ? null : u.openFiles()});
        }
        return new RequestProcedures.Rows(rows);
    }
}
