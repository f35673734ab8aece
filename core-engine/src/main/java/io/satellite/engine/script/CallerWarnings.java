package io.satellite.engine.script;

import java.sql.SQLException;
import java.sql.SQLWarning;
import org.apache.derby.iapi.sql.Activation;
import org.apache.derby.iapi.sql.conn.ConnectionUtil;
import org.apache.derby.iapi.sql.conn.StatementContext;

/**
 * Attaches what a script printed to the calling CALL statement as SQL warnings, so that
 * every JDBC client (embedded, network, ij) sees them as messages, like SQL Server's
 * "STDOUT message(s) from external script". Derby offers no public API for a procedure to
 * warn its caller; this uses the engine's statement context.
 */
public final class CallerWarnings {
    static final String STATE = "01S01";
    private static final int MAX_LINES = 2000;

    private CallerWarnings() {
    }

    /** Adds one warning to the statement that called the running procedure. */
    public static void add(SQLWarning warning) throws SQLException {
        StatementContext sc = ConnectionUtil.getCurrentLCC().getStatementContext();
        Activation activation = sc == null ? null : sc.getActivation();
        if (activation != null) {
            activation.addWarning(warning);
        }
    }

    /** True when the caller is a network client (DRDA). */
    static boolean remoteCaller() throws SQLException {
        return ConnectionUtil.getCurrentLCC().getDrdaID() != null;
    }

    /** Printed output as a chain of warnings, one per line; null for no output. */
    static SQLWarning chain(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        SQLWarning head = null;
        String[] lines = text.split("\n", -1);
        int n = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < Math.min(n, MAX_LINES); i++) {
            head = append(head, new SQLWarning(lines[i], STATE));
        }
        if (n > MAX_LINES) {
            head = append(head, new SQLWarning("... " + (n - MAX_LINES) + " more lines of output", STATE));
        }
        return head;
    }

    private static SQLWarning append(SQLWarning head, SQLWarning w) {
        if (head == null) {
            return w;
        }
        head.setNextWarning(w);
        return head;
    }
}
