package io.satellite.engine.tsql;

import java.util.List;

/** The tokens of one statement and the script they come from. */
public record StatementSource(String script, List<Token> tokens) {
    public StatementSource {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a statement has at least one token");
        }
        tokens = List.copyOf(tokens);
    }

    /** Offset of the statement's first character in the script. */
    public int start() {
        return tokens.get(0).position();
    }

    public int end() {
        return tokens.get(tokens.size() - 1).end();
    }

    /** The statement as the user wrote it. */
    public String text() {
        return script.substring(start(), end());
    }

    /** The source text from token {@code from} (inclusive) to token {@code to} (exclusive). */
    public String text(int from, int to) {
        return from >= to ? "" : script.substring(tokens.get(from).position(), tokens.get(to - 1).end());
    }

    public Token first() {
        return tokens.get(0);
    }
}
