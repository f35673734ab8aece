package io.satellite.engine.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;

/** Hands what an executed statement produced (result sets, counts, messages) to the listener. */
final class Results {
    /** Takes a result set instead of the listener; returns false to leave it to the listener. */
    @FunctionalInterface
    interface Interceptor {
        boolean take(ResultSet rs) throws SQLException;
    }

    static final Interceptor NONE = rs -> false;

    private Results() {
    }

    /** Executes {@code ps} and delivers everything; {@code countRows} reports update counts. */
    static void execute(PreparedStatement ps, StatementListener listener, boolean countRows, Interceptor interceptor)
            throws SQLException {
        boolean isResult = ps.execute();
        warnings(ps.getWarnings(), listener);
        while (true) {
            if (isResult) {
                try (ResultSet rs = ps.getResultSet()) {
                    if (!interceptor.take(rs)) {
                        listener.resultSet(rs);
                    }
                    warnings(rs.getWarnings(), listener);
                }
            } else {
                long count = ps.getUpdateCount();
                if (count < 0) {
                    break;
                }
                if (countRows) {
                    listener.updateCount(count);
                }
            }
            isResult = ps.getMoreResults();
        }
    }

    static void warnings(SQLWarning w, StatementListener listener) {
        for (; w != null; w = w.getNextWarning()) {
            listener.warning(w);
        }
    }
}
