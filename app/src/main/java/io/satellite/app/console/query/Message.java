package io.satellite.app.console.query;

/** One line of the Messages tab. */
public record Message(Kind kind, String text) {
    public enum Kind {
        /** What the window says: row counts, notices. */
        INFO,
        /** What the server said: SQL warnings and what a script printed. */
        OUTPUT,
        /** A failed statement, with its SQLState. */
        ERROR
    }

    public static Message info(String text) {
        return new Message(Kind.INFO, text);
    }

    public static Message output(String text) {
        return new Message(Kind.OUTPUT, text);
    }

    public static Message error(String text) {
        return new Message(Kind.ERROR, text);
    }
}
