package io.satellite.app.console.shell;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.monitor.MonitorListener;
import io.satellite.monitor.PoolAlert;
import java.sql.SQLException;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The main window without its nodes: the status bar's texts (engine, user, external scripts,
 * running jobs), the theme, and notifications of failed jobs and pool alerts. Readings come
 * from {@link EngineStatus} on the executor; alerts from the embedded engine's monitor.
 */
public final class ShellViewModel {
    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final Notifier notifier;
    private final ReadOnlyStringWrapper engine = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper scripts = new ReadOnlyStringWrapper("External scripts: …");
    private final ReadOnlyStringWrapper jobs = new ReadOnlyStringWrapper("Jobs: …");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private EngineStatus status;
    private boolean reading;
    private MonitorListener alerts;

    public ShellViewModel(BackgroundExecutor executor, ConsoleSession session, Notifier notifier) {
        this.executor = executor;
        this.session = session;
        this.notifier = notifier;
        engine.set(session.remote() ? "Server " + session.target().display() + " (DMVs only, no local monitor)"
                : "Embedded engine · " + session.target().display());
        user.set(session.user());
    }

    /** Reads the status once (skipped while the last reading is under way). */
    public void refresh() {
        if (reading) {
            return;
        }
        reading = true;
        executor.execute(this::read, this::show, this::unavailable);
    }

    private EngineStatus.Reading read() throws SQLException {
        if (status == null) {
            status = new EngineStatus(session.openConnection());
        }
        return status.read();
    }

    private void show(EngineStatus.Reading r) {
        reading = false;
        scripts.set("External scripts: " + (r.scriptsEnabled() ? "ON" : "OFF"));
        jobs.set(r.running() + (r.running() == 1 ? " job running" : " jobs running")
                + (r.queued() > 0 ? ", " + r.queued() + " queued" : ""));
        for (EngineStatus.FailedJob f : r.failedSince()) {
            notifier.notify(Notifier.Level.ERROR, "Request " + f.requestId() + " " + f.status().toLowerCase()
                    + " (" + f.user() + ")", f.error() == null ? "" : f.error());
        }
    }

    private void unavailable(Throwable t) {
        reading = false;
        jobs.set("Status unavailable: " + t.getMessage());
    }

    /** Pool alerts of the embedded engine's monitor become notifications (remote: none to hear). */
    public void watchAlerts() {
        session.monitor().ifPresent(m -> {
            alerts = new MonitorListener() {
                @Override
                public void alert(PoolAlert a) {
                    executor.publish(() -> notifier.notify(a.action() == PoolAlert.Action.KILL
                            ? Notifier.Level.ERROR : Notifier.Level.WARNING,
                            "Pool " + a.pool() + ": " + a.resource().name().toLowerCase() + " "
                                    + a.action().name().toLowerCase(), a.message()));
                }
            };
            m.addListener(alerts);
        });
    }

    public void stop() {
        if (alerts != null) {
            session.monitor().ifPresent(m -> m.removeListener(alerts));
        }
    }

    public ReadOnlyStringProperty engineProperty() {
        return engine.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty userProperty() {
        return user.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty scriptsProperty() {
        return scripts.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty jobsProperty() {
        return jobs.getReadOnlyProperty();
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public void toggleTheme() {
        theme.set(theme.get().other());
    }
}
