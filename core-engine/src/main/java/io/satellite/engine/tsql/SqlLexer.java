package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a fragment of T-SQL into tokens: words and bracketed/quoted identifiers,
 * {@code @variables}, string literals ({@code 'it''s'}, {@code N'...'}, value unescaped),
 * numbers, {@code 0x} hex literals and symbols. Comments are skipped.
 */
public final class SqlLexer {
    private SqlLexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new SqlSyntaxException("unterminated /* comment", i);
                }
                i = end + 2;
            } else if (c == '\'' || ((c == 'N' || c == 'n') && i + 1 < n && sql.charAt(i + 1) == '\'')) {
                int start = i;
                i = c == '\'' ? i + 1 : i + 2;
                StringBuilder s = new StringBuilder();
                while (true) {
                    if (i >= n) {
                        throw new SqlSyntaxException("unterminated string literal", start);
                    }
                    char d = sql.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                            s.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    s.append(d);
                    i++;
                }
                out.add(new Token(Token.Kind.STRING, s.toString(), start, i));
            } else if (c == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
                int start = i;
                i += 2;
                while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                    i++;
                }
                out.add(new Token(Token.Kind.HEX, sql.substring(start + 2, i), start, i));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                    i++;
                    if (i < n && (sql.charAt(i) == '+' || sql.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < n && Character.isDigit(sql.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Token(Token.Kind.NUMBER, sql.substring(start, i), start, i));
            } else if (c == '[' || c == '"') {
                char close = c == '[' ? ']' : '"';
                int start = i;
                int end = sql.indexOf(close, i + 1);
                if (end < 0) {
                    throw new SqlSyntaxException("unterminated quoted identifier", start);
                }
                out.add(new Token(Token.Kind.WORD, sql.substring(i + 1, end), start, end + 1));
                i = end + 1;
            } else if (c == '@' || Character.isLetter(c) || c == '_' || c == '#') {
                int start = i;
                i++;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '@' || sql.charAt(i) == '#' || sql.charAt(i) == '$')) {
                    i++;
                }
                String word = sql.substring(start, i);
                out.add(new Token(c == '@' ? Token.Kind.VARIABLE : Token.Kind.WORD, word, start, i));
            } else {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }
}
