package io.satellite.app.console.dashboard;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.Format;
import io.satellite.app.console.session.ConsoleSession;
import java.sql.SQLException;
import java.time.Clock;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The dashboard without its nodes: the latest {@link DashboardSnapshot}, read on the executor
 * (on the view's own connection), and the headline figures as text. The view redraws its
 * charts once per snapshot.
 */
public final class DashboardViewModel {
    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final Clock clock;
    private final ReadOnlyObjectWrapper<DashboardSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper jobs = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper perMinute = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper errorRate = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper hostCpu = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper hostMemory = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private DashboardSource source;
    private boolean reading;

    public DashboardViewModel(BackgroundExecutor executor, ConsoleSession session, Clock clock) {
        this.executor = executor;
        this.session = session;
        this.clock = clock;
    }

    /** True when the host figures exist (an embedded engine's monitor). */
    public boolean hostKnown() {
        return session.monitor().isPresent();
    }

    public void refresh() {
        if (reading) {
            return;
        }
        reading = true;
        executor.execute(this::read, this::show, t -> {
            reading = false;
            problem.set("Cannot read the DMVs: " + t.getMessage());
        });
    }

    private DashboardSnapshot read() throws SQLException {
        if (source == null) {
            source = new DashboardSource(session.openConnection(), session.monitor().orElse(null));
        }
        return source.read(clock.instant());
    }

    private void show(DashboardSnapshot s) {
        reading = false;
        problem.set("");
        jobs.set(s.running() + " running" + (s.queued() > 0 ? " · " + s.queued() + " queued" : ""));
        int lastTen = s.minutes().subList(Math.max(0, s.minutes().size() - 10), s.minutes().size()).stream()
                .mapToInt(Throughput.Minute::finished).sum();
        perMinute.set(String.format(java.util.Locale.ROOT, "%.1f", lastTen / 10.0));
        errorRate.set(Format.percent(Throughput.errorRate(s.minutes())));
        if (s.host() != null) {
            hostCpu.set(Format.percent(s.host().cpuPercent()) + " of " + s.host().logicalProcessorCount() + " CPUs");
            hostMemory.set(Format.bytes(s.host().memoryUsedBytes()) + " of " + Format.bytes(s.host().memoryTotalBytes()));
        } else {
            hostCpu.set(hostKnown() ? "sampling…" : "n/a (remote)");
            hostMemory.set(hostKnown() ? "sampling…" : "n/a (remote)");
        }
        snapshot.set(s);
    }

    public ReadOnlyObjectProperty<DashboardSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    /** Running and queued requests now. */
    public ReadOnlyStringProperty jobsProperty() {
        return jobs.getReadOnlyProperty();
    }

    /** Jobs finished per minute over the last 10 minutes. */
    public ReadOnlyStringProperty perMinuteProperty() {
        return perMinute.getReadOnlyProperty();
    }

    /** Share of jobs that failed or were cancelled over the last 30 minutes. */
    public ReadOnlyStringProperty errorRateProperty() {
        return errorRate.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hostCpuProperty() {
        return hostCpu.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty hostMemoryProperty() {
        return hostMemory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
