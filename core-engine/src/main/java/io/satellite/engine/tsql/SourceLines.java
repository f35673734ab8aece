package io.satellite.engine.tsql;

import java.util.Arrays;

/** Turns character offsets of a script into the 1-based line and column a user sees in an editor. */
public final class SourceLines {
    private final int[] lineStarts;

    public SourceLines(String text) {
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    /** 1-based line of an offset. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, Math.max(0, offset));
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 1-based column of an offset. */
    public int column(int offset) {
        return Math.max(0, offset) - lineStarts[line(offset) - 1] + 1;
    }

    /** "line 3, column 7" */
    public String describe(int offset) {
        return "line " + line(offset) + ", column " + column(offset);
    }
}
