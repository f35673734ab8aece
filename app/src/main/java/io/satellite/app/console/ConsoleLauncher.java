package io.satellite.app.console;

import io.satellite.app.cli.Arguments;
import io.satellite.app.cli.UsageException;
import io.satellite.app.console.session.LoginService;
import io.satellite.app.console.shell.ConsoleWindow;
import io.satellite.app.console.shell.ViewRegistry;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * {@code satellite console [--data DIR]}: opens the console's login form (the data directory
 * is its default target) and returns when the window is closed. An embedded engine boots in the
 * background at login; it is shut down here, on the calling thread, after the window has closed.
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
        LoginService logins = new LoginService(options, System.getenv());
        AtomicReference<ConsoleWindow> window = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            Platform.startup(() -> {
                try {
                    Stage stage = new Stage();
                    ConsoleWindow w = new ConsoleWindow(stage, logins, ViewRegistry.standard());
                    window.set(w);
                    stage.setOnHidden(e -> {
                        w.closeViews();
                        closed.countDown();
                    });
                    w.showLogin();
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
                if (window.get() != null) {
                    window.get().release(Duration.ofSeconds(10));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            logins.close();
            Platform.exit();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return 0;
    }
}
