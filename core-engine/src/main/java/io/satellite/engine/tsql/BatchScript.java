package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.List;

/**
 * A script as SQL Server tools read it: batches separated by lines holding only {@code GO}
 * (optionally {@code GO n} to run the batch n times). Each batch is parsed only when it is
 * about to run, so that a syntax error in a later batch does not stop the earlier ones.
 */
public final class BatchScript {
    private final String text;
    private final List<Batch> batches;

    /** One batch: its tokens (offsets in the whole script) and how many times GO asked to run it. */
    public record Batch(String script, List<Token> tokens, int repeat) {
        /** The statements of the batch; a syntax error names the construct and its place in the script. */
        public List<BatchStatement> statements() {
            List<BatchStatement> out = new ArrayList<>();
            for (List<Token> statement : StatementBoundaries.split(tokens)) {
                if (!statement.isEmpty()) {
                    out.add(BatchParser.parse(new StatementSource(script, statement)));
                }
            }
            return out;
        }
    }

    private BatchScript(String text, List<Batch> batches) {
        this.text = text;
        this.batches = batches;
    }

    public static BatchScript of(String text) {
        List<Token> tokens = SqlLexer.tokenize(text);
        List<Batch> batches = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < tokens.size(); i++) {
            int repeat = goRepeat(text, tokens, i);
            if (repeat > 0) {
                batches.add(new Batch(text, List.copyOf(tokens.subList(from, i)), repeat));
                boolean counted = i + 1 < tokens.size() && onSameLine(text, tokens.get(i), tokens.get(i + 1));
                i += counted ? 1 : 0;
                from = i + 1;
            }
        }
        batches.add(new Batch(text, List.copyOf(tokens.subList(from, tokens.size())), 1));
        batches.removeIf(b -> b.tokens().isEmpty());
        return new BatchScript(text, batches);
    }

    public String text() {
        return text;
    }

    public List<Batch> batches() {
        return batches;
    }

    /** 0 if token i is not a GO separator, else how many times the batch before it runs. */
    private static int goRepeat(String text, List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (!t.isKeyword("GO")) {
            return 0;
        }
        int lineStart = text.lastIndexOf('\n', t.position() - 1) + 1;
        int lineEnd = text.indexOf('\n', t.position());
        String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
        line = line.replaceFirst("\\s*--.*$", "").strip();
        if (line.equalsIgnoreCase("GO")) {
            return 1;
        }
        if (line.length() > 2 && line.substring(0, 2).equalsIgnoreCase("GO")
                && line.substring(2).strip().matches("\\d{1,6}")) {
            return Integer.parseInt(line.substring(2).strip());
        }
        return 0;
    }

    private static boolean onSameLine(String text, Token a, Token b) {
        return text.substring(a.end(), b.position()).indexOf('\n') < 0;
    }
}
