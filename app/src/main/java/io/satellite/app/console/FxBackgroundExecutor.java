package io.satellite.app.console;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * Runs work on one background thread, in submission order (one connection serves one query at
 * a time), and hands everything back to the JavaFX application thread with
 * {@link Platform#runLater}, which keeps the order. Each feature of the console has its own, so
 * a long query never delays the Jobs view.
 */
public final class FxBackgroundExecutor implements BackgroundExecutor {
    private final ExecutorService worker;

    public FxBackgroundExecutor() {
        this("worker");
    }

    public FxBackgroundExecutor(String name) {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "satellite-console-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> void execute(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        if (worker.isShutdown()) {
            return;
        }
        worker.execute(() -> {
            T value;
            try {
                value = work.call();
            } catch (Throwable t) {
                Platform.runLater(() -> onFailure.accept(t));
                return;
            }
            Platform.runLater(() -> onSuccess.accept(value));
        });
    }

    @Override
    public void publish(Runnable update) {
        Platform.runLater(update);
    }

    /** Takes no more work and waits up to {@code timeout} for the running work; true if it ended. */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        worker.shutdown();
        return worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
