package io.satellite.engine.tsql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a batch into statements at semicolons and at lines holding only {@code GO},
 * never inside string literals, quoted identifiers or comments.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    public static List<String> split(String batch) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int n = batch.length();
        int i = 0;
        while (i < n) {
            char c = batch.charAt(i);
            if (c == '\'' || c == '"' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = i + 1;
                while (end < n) {
                    if (batch.charAt(end) == close) {
                        if (close != ']' && end + 1 < n && batch.charAt(end + 1) == close) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                end = Math.min(end + 1, n);
                cur.append(batch, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && batch.charAt(i + 1) == '-') {
                int end = batch.indexOf('\n', i);
                end = end < 0 ? n : end;
                cur.append(batch, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && batch.charAt(i + 1) == '*') {
                int end = batch.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                cur.append(batch, i, end);
                i = end;
            } else if (c == ';') {
                flush(cur, out);
                i++;
            } else if (c == '\n' || i == 0) {
                int lineStart = c == '\n' ? i + 1 : i;
                int lineEnd = batch.indexOf('\n', lineStart);
                lineEnd = lineEnd < 0 ? n : lineEnd;
                if (batch.substring(lineStart, lineEnd).strip().equalsIgnoreCase("GO")) {
                    flush(cur, out);
                    i = lineEnd;
                } else {
                    cur.append(c);
                    i++;
                }
            } else {
                cur.append(c);
                i++;
            }
        }
        flush(cur, out);
        return out;
    }

    private static void flush(StringBuilder cur, List<String> out) {
        String s = cur.toString().strip();
        if (!s.isEmpty() && !isOnlyComments(s)) {
            out.add(s);
        }
        cur.setLength(0);
    }

    private static boolean isOnlyComments(String s) {
        try {
            return SqlLexer.tokenize(s).isEmpty();
        } catch (SqlSyntaxException e) {
            return false;
        }
    }
}
