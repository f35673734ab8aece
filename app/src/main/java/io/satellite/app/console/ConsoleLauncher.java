package io.satellite.app.console;

import io.satellite.app.cli.Arguments;
import io.satellite.app.cli.UsageException;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * {@code satellite console [--data DIR]}: opens the console on the engine of the data
 * directory and returns when its window is closed. The engine boots in the background; it is
 * shut down here, on the calling thread, after the window has closed.
 */
public final class ConsoleLauncher {
    private ConsoleLauncher() {
    }

    public static int launch(String[] args) {
        Arguments a = Arguments.parse(args, Set.of("data"), Set.of());
        if (!a.positional().isEmpty()) {
            throw new UsageException("unexpected argument " + a.positional().get(0));
        }
        EngineOptions options = EngineOptions.fromEnvironment(a.has("data") ? Path.of(a.get("data")) : null,
                System.getenv());
        FxBackgroundExecutor executor = new FxBackgroundExecutor();
        EngineHost host = new EngineHost(options);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            Platform.startup(() -> {
                try {
                    Stage stage = new Stage();
                    stage.setOnHidden(e -> closed.countDown());
                    ConsoleWindow.show(stage, new QueryViewModel(executor, host));
                } catch (RuntimeException e) {
                    failure.set(e);
                    closed.countDown();
                }
            });
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("cannot open the console window: " + e.getMessage()
                    + " (the console needs a graphical display and GTK 3)", e);
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                executor.shutdown(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            host.close();
            Platform.exit();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return 0;
    }
}
