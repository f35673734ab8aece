package io.satellite.app.console.jobs;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.Format;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.engine.requests.ExternalRequest;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Jobs view without its nodes: running jobs (DMVs, read once a second), the history with
 * its filter, the selected job's detail with its samples, and Cancel. All SQL runs on the
 * executor, on the view's own connection; every property changes on the UI thread.
 */
public final class JobsViewModel {
    static final int SPARK_POINTS = 60;
    private static final java.time.format.DateTimeFormatter ENDED = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault());
    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final JobSamples samples;
    private final boolean ownSamples;
    private final SeriesStore store;
    private final ObservableList<JobRow> running = FXCollections.observableArrayList();
    private final ObservableList<FinishedJob> history = FXCollections.observableArrayList();
    private final ObjectProperty<HistoryFilter> filter = new SimpleObjectProperty<>(HistoryFilter.ALL);
    private final ReadOnlyObjectWrapper<JobDetail> detail = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final Map<Long, JobRow> rows = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<Long> seeded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Long selectedRunning;
    private FinishedJob selectedFinished;
    private JobsSource source;
    private boolean reading;

    /** A view model that keeps the samples of the jobs that end from now on. */
    public JobsViewModel(BackgroundExecutor executor, ConsoleSession session) {
        this(executor, session, new JobSamples(session), true);
    }

    /** A view model on the samples the console has kept since login. */
    public JobsViewModel(BackgroundExecutor executor, ConsoleSession session, JobSamples samples) {
        this(executor, session, samples, false);
    }

    private JobsViewModel(BackgroundExecutor executor, ConsoleSession session, JobSamples samples, boolean own) {
        this.executor = executor;
        this.session = session;
        this.samples = samples;
        this.ownSamples = own;
        this.store = samples.store();
        filter.addListener((o, was, now) -> refreshHistory());
    }

    /** Stops keeping samples, if this view model started to. */
    public void stop() {
        if (ownSamples) {
            samples.close();
        }
    }

    private JobsSource source() throws SQLException {
        if (source == null) {
            source = new JobsSource(session.openConnection());
        }
        return source;
    }

    /** Reads the running jobs (skipped while the last reading is under way). */
    public void refresh() {
        if (reading) {
            return;
        }
        reading = true;
        executor.execute(this::readActive, this::showActive, t -> {
            reading = false;
            message.set("Cannot read the running jobs: " + t.getMessage());
        });
    }

    private record Reading(List<ActiveJob> jobs, Map<Long, List<UsagePoint>> recent, JobDetail detail) {
    }

    private Reading readActive() throws SQLException {
        List<ActiveJob> jobs = source().active();
        Map<Long, List<UsagePoint>> recent = new HashMap<>();
        for (ActiveJob j : jobs) {
            UsagePoint p = j.point();
            if (!rows.containsKey(j.id()) && !seeded.contains(j.id())) {
                seeded.add(j.id()); // a job first seen: its samples so far, from the embedded monitor
                session.monitor().flatMap(m -> m.series(j.id())).ifPresent(series -> store.replace(j.id(),
                        series.stream().map(UsagePoint::of).toList()));
            }
            if (p != null) {
                store.add(j.id(), p);
            }
            recent.put(j.id(), store.last(j.id(), SPARK_POINTS));
        }
        Long selected = selectedRunning;
        JobDetail d = null;
        if (selected != null) {
            ActiveJob job = jobs.stream().filter(j -> j.id() == selected).findFirst().orElse(null);
            if (job != null) {
                session.monitor().flatMap(m -> m.series(selected)).ifPresent(series -> store.replace(selected,
                        series.stream().map(UsagePoint::of).toList()));
                d = runningDetail(job);
            }
        }
        return new Reading(jobs, recent, d);
    }

    private JobDetail runningDetail(ActiveJob j) {
        ExternalRequest r = session.requests().flatMap(rs -> rs.find(j.id())).orElse(null);
        String script = r != null ? r.script() + (r.inputQuery() == null || r.inputQuery().isBlank() ? ""
                : "\n\n-- @input_data_1\n" + r.inputQuery())
                : "The server's DMVs do not show a running job's script; the history shows it once the job ends.";
        String facts = j.state() + " · pid " + j.pid() + " · elapsed " + Format.duration(j.elapsedMillis())
                + " · CPU " + Format.percent(j.cpuPercent()) + " · RSS " + Format.bytes(j.residentBytes())
                + " · rows in " + Format.count(j.rowsIn()) + " / out " + Format.count(j.rowsOut())
                + " · read " + Format.bytes(j.readBytes()) + " / written " + Format.bytes(j.writtenBytes());
        return new JobDetail(j.id(), heading(j.id(), j.language(), j.user(), j.pool()), facts, script,
                "The script's printed output goes to its caller as messages (in the Query window: the Messages"
                        + " tab). The engine keeps the error text of finished jobs, shown here when the job ends.",
                store.points(j.id()), true);
    }

    private static String heading(long id, String language, String user, String pool) {
        return "Request " + id + " · " + language + " · " + user + " · pool " + pool;
    }

    private void showActive(Reading r) {
        reading = false;
        Set<Long> now = r.jobs().stream().map(ActiveJob::id).collect(Collectors.toSet());
        boolean someEnded = rows.keySet().stream().anyMatch(id -> !now.contains(id));
        List<JobRow> ordered = new ArrayList<>();
        for (ActiveJob j : r.jobs()) {
            JobRow row = rows.computeIfAbsent(j.id(), id -> new JobRow(j));
            row.update(j, r.recent().getOrDefault(j.id(), List.of()));
            ordered.add(row);
        }
        rows.keySet().retainAll(now);
        if (!ordered.equals(running)) {
            running.setAll(ordered);
        }
        if (r.detail() != null) {
            detail.set(r.detail());
        }
        if (someEnded) {
            refreshHistory();
        }
    }

    /** Reads the history with the current filter. */
    public void refreshHistory() {
        HistoryFilter f = filter.get();
        executor.execute(() -> source().history(f, Instant.now()), history::setAll,
                t -> message.set("Cannot read the history: " + t.getMessage()));
    }

    /** Shows a running job's detail (null clears it); its samples follow each reading. */
    public void selectRunning(JobRow row) {
        selectedRunning = row == null ? null : row.id();
        selectedFinished = null;
        if (row != null) {
            ActiveJob j = row.job();
            executor.execute(() -> {
                session.monitor().flatMap(m -> m.series(j.id())).ifPresent(series -> store.replace(j.id(),
                        series.stream().map(UsagePoint::of).toList()));
                return runningDetail(j);
            }, d -> {
                if (Long.valueOf(d.id()).equals(selectedRunning)) {
                    detail.set(d);
                }
            }, t -> message.set(t.getMessage()));
        } else {
            detail.set(null);
        }
    }

    /** Shows a finished job's detail, with the samples the console kept of it. */
    public void selectFinished(FinishedJob j) {
        selectedRunning = null;
        selectedFinished = j;
        if (j == null) {
            detail.set(null);
            return;
        }
        List<UsagePoint> points = store.points(j.id());
        String facts = j.status() + " · elapsed " + Format.duration(j.elapsedMillis()) + " · CPU "
                + Format.count(j.cpuMillis()) + " ms · peak RSS " + Format.bytes(j.peakResidentBytes())
                + " · rows in " + Format.count(j.rowsIn()) + " / out " + Format.count(j.rowsOut())
                + " · read " + Format.bytes(j.readBytes()) + " / written " + Format.bytes(j.writtenBytes())
                + (j.workers() > 1 ? " · " + j.workers() + " workers" : "") + " · ended "
                + (j.endedAt() == null ? "?" : ENDED.format(j.endedAt()));
        String output = j.error() == null ? "Succeeded: no error. (Printed output went to the caller as messages.)"
                : j.error();
        String script = (j.script() == null ? "" : j.script()) + (j.inputQuery() == null || j.inputQuery().isBlank()
                ? "" : "\n\n-- @input_data_1\n" + j.inputQuery());
        detail.set(new JobDetail(j.id(), heading(j.id(), j.language(), j.user(), j.pool()), facts, script,
                points.isEmpty() ? output + "\n\nNo samples kept for this job: the console keeps the samples of"
                        + " jobs that ran while it was open; the history row keeps the totals above." : output,
                points, false));
    }

    /** Kills a running job ({@code SQLML.KILL_EXTERNAL_SCRIPT}); the caller's statement fails with 38S09. */
    public void cancel(long requestId) {
        executor.execute(() -> {
            source().kill(requestId);
            return requestId;
        }, id -> {
            message.set("Request " + id + " was killed; its caller gets error 38S09.");
            refresh();
        }, t -> message.set("Cannot cancel request " + requestId + ": " + t.getMessage()));
    }

    public ObservableList<JobRow> running() {
        return running;
    }

    public ObservableList<FinishedJob> history() {
        return history;
    }

    public ObjectProperty<HistoryFilter> filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<JobDetail> detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    FinishedJob selectedFinished() {
        return selectedFinished;
    }
}
