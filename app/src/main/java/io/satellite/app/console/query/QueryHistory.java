package io.satellite.app.console.query;

import java.util.ArrayList;
import java.util.List;

/** Batches run in this window, newest first, without repeats, at most {@code capacity}. */
final class QueryHistory {
    private final int capacity;
    private final List<String> entries = new ArrayList<>();

    QueryHistory(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code batch} as the newest entry; returns the entries, newest first. */
    List<String> add(String batch) {
        String b = batch.strip();
        entries.remove(b);
        entries.add(0, b);
        while (entries.size() > capacity) {
            entries.remove(entries.size() - 1);
        }
        return List.copyOf(entries);
    }
}
