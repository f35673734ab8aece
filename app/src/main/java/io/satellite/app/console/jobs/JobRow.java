package io.satellite.app.console.jobs;

import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * A line of the running jobs table. It stays the same object while its job runs and only its
 * latest reading changes, so the table keeps its selection and does not flicker.
 */
public final class JobRow {
    private final long id;
    private final ReadOnlyObjectWrapper<ActiveJob> latest;
    private final ReadOnlyObjectWrapper<List<UsagePoint>> recent = new ReadOnlyObjectWrapper<>(List.of());

    JobRow(ActiveJob job) {
        this.id = job.id();
        this.latest = new ReadOnlyObjectWrapper<>(job);
    }

    public long id() {
        return id;
    }

    public ActiveJob job() {
        return latest.get();
    }

    public ReadOnlyObjectProperty<ActiveJob> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    /** The last samples, oldest first, for the sparklines. */
    public ReadOnlyObjectProperty<List<UsagePoint>> recentProperty() {
        return recent.getReadOnlyProperty();
    }

    void update(ActiveJob job, List<UsagePoint> points) {
        latest.set(job);
        recent.set(points);
    }
}
