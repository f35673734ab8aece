package io.satellite.app.console.shell;

import io.satellite.app.console.FxBackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What a view gets from the shell: the session, a background executor of its own, the theme
 * (charts follow it), notifications, and a place to register what must stop with the window.
 */
public final class ConsoleContext {
    private final ConsoleSession session;
    private final Notifier notifier;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final List<FxBackgroundExecutor> executors = new ArrayList<>();
    private final List<Runnable> closers = new ArrayList<>();
    private final Navigator navigator;

    /** Opens a view of the navigation by id. */
    @FunctionalInterface
    public interface Navigator {
        void open(String featureId);
    }

    public ConsoleContext(ConsoleSession session, Notifier notifier, Navigator navigator) {
        this.session = session;
        this.notifier = notifier;
        this.navigator = navigator;
    }

    public ConsoleSession session() {
        return session;
    }

    public Notifier notifier() {
        return notifier;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public void open(String featureId) {
        navigator.open(featureId);
    }

    /** A new background thread for one feature (each has its own, so one never waits for another). */
    public FxBackgroundExecutor executor(String name) {
        FxBackgroundExecutor e = new FxBackgroundExecutor(name);
        executors.add(e);
        return e;
    }

    public void onClose(Runnable closer) {
        closers.add(closer);
    }

    /** Stops every view's work (UI thread), then waits for the executors (any thread). */
    public void closeViews() {
        closers.forEach(Runnable::run);
        closers.clear();
    }

    public void awaitExecutors(Duration timeout) throws InterruptedException {
        for (FxBackgroundExecutor e : executors) {
            e.shutdown(timeout);
        }
    }
}
