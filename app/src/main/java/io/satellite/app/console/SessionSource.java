package io.satellite.app.console;

/** Gives the query window its session. Slow (it may boot the engine): called off the UI thread. */
@FunctionalInterface
public interface SessionSource {
    ConnectedSession connect() throws Exception;
}
