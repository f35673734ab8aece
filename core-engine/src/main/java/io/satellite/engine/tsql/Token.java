package io.satellite.engine.tsql;

import java.util.Locale;

/**
 * One lexical token of a T-SQL/Derby statement fragment. {@code position} and {@code end}
 * delimit its source text ({@code end} is exclusive; -1 for tokens made up by a parser).
 */
public record Token(Kind kind, String text, int position, int end) {
    public enum Kind { WORD, VARIABLE, STRING, NUMBER, HEX, SYMBOL }

    public Token(Kind kind, String text, int position) {
        this(kind, text, position, -1);
    }

    /** True for a word (or quoted identifier) equal to {@code word}, ignoring case. */
    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** True for a [bracketed] or "quoted" identifier: never a keyword. */
    public boolean quoted() {
        return kind == Kind.WORD && end >= 0 && end - position != text.length();
    }

    /** A keyword: an unquoted word equal to {@code word}, ignoring case. */
    public boolean isKeyword(String word) {
        return isWord(word) && !quoted();
    }

    public String upper() {
        return text.toUpperCase(Locale.ROOT);
    }
}
