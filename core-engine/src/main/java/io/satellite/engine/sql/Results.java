package io.satellite.engine.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

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

    /**
     * A listener that keeps result sets open instead of reading them (a stored procedure called
     * through JDBC returns them to its caller); their statements are then left open too.
     */
    interface Keeper extends StatementListener {
        void keep(ResultSet rs) throws SQLException;
    }

    /**
     * Executes {@code ps}, delivers everything, and closes it (unless a {@link Keeper} kept its
     * results); {@code countRows} reports update counts.
     */
    static void execute(PreparedStatement ps, StatementListener listener, boolean countRows, Interceptor interceptor)
            throws SQLException {
        Keeper keeper = listener instanceof Keeper k ? k : null;
        try {
            boolean isResult = ps.execute();
            warnings(ps.getWarnings(), listener);
            while (true) {
                if (isResult) {
                    ResultSet rs = ps.getResultSet();
                    boolean taken;
                    try {
                        taken = interceptor.take(rs);
                    } catch (SQLException | RuntimeException e) {
                        rs.close();
                        throw e;
                    }
                    if (taken) {
                        rs.close();
                    } else if (keeper != null) {
                        keeper.keep(rs);
                    } else {
                        try (rs) {
                            listener.resultSet(rs);
                            warnings(rs.getWarnings(), listener);
                        }
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
                isResult = keeper == null ? ps.getMoreResults() : ps.getMoreResults(Statement.KEEP_CURRENT_RESULT);
            }
        } finally {
            if (keeper == null) {
                ps.close();
            }
        }
    }

    static void warnings(SQLWarning w, StatementListener listener) {
        for (; w != null; w = w.getNextWarning()) {
            listener.warning(w);
        }
    }
}
