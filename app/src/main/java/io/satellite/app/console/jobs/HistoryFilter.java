package io.satellite.app.console.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Which finished jobs to list: a user (blank: everyone the login may see), a status (null: all)
 * and how far back.
 */
public record HistoryFilter(String user, String status, Range range) {
    /** How far back the history goes. */
    public enum Range {
        LAST_HOUR("Last hour", Duration.ofHours(1)),
        LAST_DAY("Last 24 hours", Duration.ofDays(1)),
        LAST_WEEK("Last 7 days", Duration.ofDays(7)),
        ALL("All", null);

        private final String label;
        private final Duration span;

        Range(String label, Duration span) {
            this.label = label;
            this.span = span;
        }

        /** The earliest end time shown, or null for all. */
        public Instant since(Instant now) {
            return span == null ? null : now.minus(span);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static final HistoryFilter ALL = new HistoryFilter("", null, Range.ALL);

    public HistoryFilter {
        user = user == null ? "" : user.strip().toUpperCase(Locale.ROOT);
        range = range == null ? Range.ALL : range;
    }
}
