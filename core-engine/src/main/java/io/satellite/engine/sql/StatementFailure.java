package io.satellite.engine.sql;

import java.sql.SQLException;

/**
 * A statement of a batch failed; keeps the original SQLState and says which statement, and
 * where it is in the script (line and column, 1-based; 0 when not known).
 */
public class StatementFailure extends SQLException {
    private final int index;
    private final String statement;
    private final int line;
    private final int column;

    public StatementFailure(int index, String statement, SQLException cause) {
        this(index, statement, cause, 0, 0);
    }

    public StatementFailure(int index, String statement, SQLException cause, int line, int column) {
        super((line > 0 ? "line " + line + ", column " + column + ": " : "") + cause.getMessage(),
                cause.getSQLState(), cause.getErrorCode(), cause);
        this.index = index;
        this.statement = statement;
        this.line = line;
        this.column = column;
    }

    /** 1-based position of the failed statement in its batch. */
    public int index() {
        return index;
    }

    public String statement() {
        return statement;
    }

    /** 1-based line in the script of the failed statement (or of the exact error), 0 if not known. */
    public int line() {
        return line;
    }

    /** 1-based column of {@link #line()}, 0 if not known. */
    public int column() {
        return column;
    }
}
