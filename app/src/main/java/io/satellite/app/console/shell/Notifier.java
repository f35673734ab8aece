package io.satellite.app.console.shell;

/** Tells the DBA about something that happened elsewhere: a failed job, a pool alert. UI thread only. */
public interface Notifier {
    enum Level { INFO, WARNING, ERROR }

    void notify(Level level, String title, String text);
}
