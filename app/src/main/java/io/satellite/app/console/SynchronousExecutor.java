package io.satellite.app.console;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work on the calling thread, at once: for view model tests, which need no display and
 * see every outcome as soon as the call returns.
 */
public final class SynchronousExecutor implements BackgroundExecutor {
    @Override
    public <T> void execute(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T value;
        try {
            value = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(value);
    }

    @Override
    public void publish(Runnable update) {
        update.run();
    }
}
