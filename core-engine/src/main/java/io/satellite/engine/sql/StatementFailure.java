package io.satellite.engine.sql;

import java.sql.SQLException;

/** A statement of a batch failed; keeps the original SQLState and says which statement. */
public class StatementFailure extends SQLException {
    private final int index;
    private final String statement;

    public StatementFailure(int index, String statement, SQLException cause) {
        super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        this.index = index;
        this.statement = statement;
    }

    /** 1-based position of the failed statement in its batch. */
    public int index() {
        return index;
    }

    public String statement() {
        return statement;
    }
}
