package io.satellite.engine.launchpad;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drains one output stream of a worker (stdout or stderr) on its own thread, always, so the
 * worker never blocks on a full pipe. Keeps the first {@link #LIMIT} characters; the
 * worker marks the end of the script's output with a sentinel line.
 */
final class OutputCollector {
    static final String SENTINEL = "\u0001SATELLITE-END";
    static final int LIMIT = 256 * 1024;
    private final StringBuilder text = new StringBuilder();
    private final CountDownLatch scriptDone = new CountDownLatch(1);
    private final Thread thread;
    private long dropped;

    OutputCollector(InputStream stream, String name) {
        thread = new Thread(() -> drain(stream), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void drain(InputStream stream) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.endsWith(SENTINEL)) {
                    // output that did not end with a newline shares the sentinel's line
                    String before = line.substring(0, line.length() - SENTINEL.length());
                    if (!before.isEmpty()) {
                        append(before);
                    }
                    scriptDone.countDown();
                } else {
                    append(line);
                }
            }
        } catch (IOException e) {
            // the stream was closed because the worker was killed: nothing more to read
        } finally {
            scriptDone.countDown();
        }
    }

    private synchronized void append(String line) {
        if (text.length() + line.length() + 1 <= LIMIT) {
            text.append(line).append('\n');
        } else {
            dropped += line.length() + 1;
        }
    }

    /** Waits until the script's output is complete (sentinel seen or stream ended). */
    void awaitScriptOutput(long millis) throws InterruptedException {
        scriptDone.await(millis, TimeUnit.MILLISECONDS);
    }

    void awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
    }

    synchronized String text() {
        if (dropped > 0) {
            return text + "... (" + dropped + " more characters not kept)\n";
        }
        return text.toString();
    }
}
