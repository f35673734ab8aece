package io.satellite.app.cli;

import io.satellite.app.console.ConsoleLauncher;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * {@code satellite --smoke-window [--data DIR]}: measures the console's cold start. Starts the
 * console as {@code satellite console} does, waits for its first window (the login window, or
 * the console itself) to be shown and laid out, prints the time since the process started,
 * and closes it, which ends the console normally. Exits 1 if no window appears in time (and
 * ends the process if the console does not end within {@link #CLOSE_TIMEOUT} after that).
 */
public final class FirstWindowProbe {
    static final Duration FIRST_WINDOW_TIMEOUT = Duration.ofSeconds(120);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private final PrintStream out;
    private final AtomicBoolean seen = new AtomicBoolean();
    private volatile boolean timedOut;

    private FirstWindowProbe(PrintStream out) {
        this.out = out;
    }

    public static int run(String[] args) {
        return new FirstWindowProbe(System.out).probe(args);
    }

    private int probe(String[] args) {
        Thread watcher = new Thread(this::watch, "first-window-probe");
        watcher.setDaemon(true);
        watcher.start();
        int status = ConsoleLauncher.launch(args);
        if (timedOut || !seen.get()) {
            out.println("smoke-window: FAILED: no window was shown within " + FIRST_WINDOW_TIMEOUT.toSeconds() + " s");
            return 1;
        }
        return status;
    }

    /** Off the FX thread: waits for the toolkit, then hands the watching to the FX thread. */
    private void watch() {
        long deadline = System.nanoTime() + FIRST_WINDOW_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Platform.runLater(this::watchWindows);
                break;
            } catch (IllegalStateException toolkitNotStarted) {
                sleep(5);
            }
        }
        while (!seen.get() && System.nanoTime() < deadline) {
            sleep(50);
        }
        if (!seen.get()) {
            timedOut = true;
            try {
                Platform.runLater(FirstWindowProbe::closeAll);
                sleep(CLOSE_TIMEOUT.toMillis());
            } catch (IllegalStateException toolkitNeverStarted) {
                // nothing to close
            }
            out.println("smoke-window: FAILED: no window was shown within " + FIRST_WINDOW_TIMEOUT.toSeconds()
                    + " s, and the console did not end");
            System.exit(1);
        }
    }

    /** On the FX thread. */
    private void watchWindows() {
        for (Window w : List.copyOf(Window.getWindows())) {
            onShowing(w);
        }
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(this::onShowing);
            }
        });
    }

    private void onShowing(Window window) {
        Scene scene = window.getScene();
        if (scene == null || seen.get()) {
            return;
        }
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            if (seen.compareAndSet(false, true)) {
                long ms = Duration.between(processStart(), Instant.now()).toMillis();
                String title = window instanceof javafx.stage.Stage s ? s.getTitle() : window.getClass().getSimpleName();
                out.println("smoke-window: first window '" + title + "' shown and laid out " + ms
                        + " ms after the process started");
                Platform.runLater(FirstWindowProbe::closeAll);
            }
        };
        scene.addPostLayoutPulseListener(once[0]);
        Platform.requestNextPulse();
    }

    private static void closeAll() {
        for (Window w : List.copyOf(Window.getWindows())) {
            w.hide();
        }
    }

    private static Instant processStart() {
        return ProcessHandle.current().info().startInstant().orElseThrow(
                () -> new IllegalStateException("this system does not report the process start time"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
