package io.satellite.engine.launchpad;

/** A worker could not be started or failed outside the user's script. */
public class LaunchpadException extends Exception {
    public LaunchpadException(String message) {
        super(message);
    }

    public LaunchpadException(String message, Throwable cause) {
        super(message, cause);
    }
}
