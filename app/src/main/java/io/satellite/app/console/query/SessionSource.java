package io.satellite.app.console.query;

import io.satellite.app.console.session.ConnectedSession;

/** Gives the query window its session. Slow (it opens a connection): called off the UI thread. */
@FunctionalInterface
public interface SessionSource {
    ConnectedSession connect() throws Exception;
}
