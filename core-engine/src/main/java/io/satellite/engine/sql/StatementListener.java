package io.satellite.engine.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;

/** Receives what each statement of a batch produces, in order, as it is produced. */
public interface StatementListener {
    /** Drops everything a batch produces: for callers that want only its side effects (or its errors). */
    StatementListener IGNORE = new StatementListener() {
        @Override
        public void warning(SQLWarning warning) {
        }

        @Override
        public void resultSet(ResultSet rs) {
        }

        @Override
        public void updateCount(long count) {
        }
    };

    /** A statement is about to run (its text as the user wrote it). */
    default void statementStarted(int index, String statement) {
    }

    /** A message: a SQL warning, or a line an external script printed. */
    void warning(SQLWarning warning);

    /** A result set; read it before returning, it is closed afterwards. */
    void resultSet(ResultSet rs) throws SQLException;

    /** The number of rows a statement changed. */
    void updateCount(long count);

    /** A T-SQL {@code PRINT}; by default reported as a warning without SQLState. */
    default void print(String message) {
        warning(new SQLWarning(message));
    }
}
