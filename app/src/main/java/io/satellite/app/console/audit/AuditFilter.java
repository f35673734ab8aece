package io.satellite.app.console.audit;

import io.satellite.app.console.jobs.HistoryFilter;
import java.util.Locale;

/** Which audit events to list: a principal (blank: all), an action and an outcome (null: all), how far back. */
public record AuditFilter(String principal, String action, String outcome, HistoryFilter.Range range) {
    public static final AuditFilter ALL = new AuditFilter("", null, null, HistoryFilter.Range.LAST_DAY);

    public AuditFilter {
        principal = principal == null ? "" : principal.strip().toUpperCase(Locale.ROOT);
        range = range == null ? HistoryFilter.Range.ALL : range;
    }
}
