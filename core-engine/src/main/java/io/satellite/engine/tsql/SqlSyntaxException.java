package io.satellite.engine.tsql;

/** A fragment of SQL could not be understood; the message names what and where. */
public class SqlSyntaxException extends IllegalArgumentException {
    private final String reason;
    private final int position;

    public SqlSyntaxException(String message, int position) {
        super(message + " (at character " + (position + 1) + ")");
        this.reason = message;
        this.position = position;
    }

    public SqlSyntaxException(String message) {
        super(message);
        this.reason = message;
        this.position = -1;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** 0-based offset in the text that was parsed, or -1 if unknown. */
    public int position() {
        return position;
    }
}
