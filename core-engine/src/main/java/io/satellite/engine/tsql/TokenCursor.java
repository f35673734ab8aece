package io.satellite.engine.tsql;

import java.util.List;

/** Sequential reader over tokens with the small look-ahead the parsers need. */
public final class TokenCursor {
    private final List<Token> tokens;
    private int index;

    public TokenCursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Index of the current token in the list. */
    public int position() {
        return index;
    }

    public boolean atEnd() {
        return index >= tokens.size();
    }

    public Token peek() {
        return atEnd() ? null : tokens.get(index);
    }

    /** The token {@code ahead} places after the current one, or null past the end. */
    public Token peek(int ahead) {
        int i = index + ahead;
        return i < tokens.size() ? tokens.get(i) : null;
    }

    public Token next() {
        if (atEnd()) {
            throw new SqlSyntaxException("unexpected end of statement");
        }
        return tokens.get(index++);
    }

    public boolean acceptSymbol(String symbol) {
        if (!atEnd() && peek().isSymbol(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    public boolean acceptWord(String word) {
        if (!atEnd() && peek().isWord(word)) {
            index++;
            return true;
        }
        return false;
    }

    public void expectSymbol(String symbol) {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw new SqlSyntaxException("expected '" + symbol + "' but found '" + t.text() + "'", t.position());
        }
    }

    public void expectWord(String word) {
        Token t = next();
        if (!t.isWord(word)) {
            throw new SqlSyntaxException("expected " + word + " but found '" + t.text() + "'", t.position());
        }
    }
}
