package io.satellite.engine.tsql;

/** A fragment of SQL could not be understood; the message names what and where. */
public class SqlSyntaxException extends IllegalArgumentException {
    public SqlSyntaxException(String message, int position) {
        super(message + " (at character " + (position + 1) + ")");
    }

    public SqlSyntaxException(String message) {
        super(message);
    }
}
