package io.satellite.app.console;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Where the console's slow work runs: booting the engine, queries, anything that touches
 * I/O, the database or a process. The work runs off the UI thread; what it publishes on the
 * way, then its result or its failure, reach the UI thread in that order.
 */
public interface BackgroundExecutor {
    /** Runs {@code work} in the background, then {@code onSuccess} or {@code onFailure} on the UI thread. */
    <T> void execute(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /** From running work: hands an update to the UI thread, after earlier updates, before the outcome. */
    void publish(Runnable update);
}
