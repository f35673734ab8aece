package io.satellite.app.console;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

/**
 * Calls a view model's refresh on the UI thread at a fixed rate. The refresh itself hands its
 * work to a {@link BackgroundExecutor} and skips a beat while the last one is still running, so
 * the UI thread only ever starts work and receives results.
 */
public final class Poller {
    private final Timeline timeline;

    public Poller(java.time.Duration every, Runnable refresh) {
        timeline = new Timeline(new KeyFrame(Duration.millis(every.toMillis()), e -> refresh.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
        refresh.run();
        timeline.play();
    }

    public void stop() {
        timeline.stop();
    }
}
