package io.satellite.engine.tsql;

import java.util.Locale;

/** One lexical token of a T-SQL/Derby statement fragment. */
public record Token(Kind kind, String text, int position) {
    public enum Kind { WORD, VARIABLE, STRING, NUMBER, HEX, SYMBOL }

    /** True for a word (or quoted identifier) equal to {@code word}, ignoring case. */
    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }
}
