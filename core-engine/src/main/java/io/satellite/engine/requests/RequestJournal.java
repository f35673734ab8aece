package io.satellite.engine.requests;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The requests the engine has in hand, one small file each under
 * {@code <data>/requests-in-flight}: written when a request is queued, rewritten when it
 * starts and when it ends, removed once its history row is committed. What is left there
 * after the engine process died is what the history would otherwise never hear of:
 * {@link io.satellite.engine.recovery.InterruptedRequests} records it at the next start.
 *
 * <p>Each write goes to a temporary file that is renamed over the entry, so an entry is
 * always whole. Entries are not fsynced: they survive the engine process being killed, not
 * the host losing power (Derby's own log is synced; these are a few microseconds a write).
 */
public final class RequestJournal implements RequestListener {
    public static final String DIRECTORY = "requests-in-flight";
    private static final int MAX_TEXT = 32_000;
    private final Path directory;

    public RequestJournal(Path dataDirectory) throws IOException {
        this.directory = Files.createDirectories(dataDirectory.resolve(DIRECTORY));
    }

    /** The journal directory of a data directory. */
    public static Path directory(Path dataDirectory) {
        return dataDirectory.resolve(DIRECTORY);
    }

    static Path entry(Path directory, long id) {
        return directory.resolve(id + ".request");
    }

    @Override
    public void queued(ExternalRequest r) {
        write(r);
    }

    @Override
    public void started(ExternalRequest r) {
        write(r);
    }

    @Override
    public void finished(ExternalRequest r) {
        write(r);
    }

    /** The request's history row is committed: its entry goes. */
    public void recorded(long id) {
        try {
            Files.deleteIfExists(entry(directory, id));
        } catch (IOException e) {
            // the next start sees the row in the history and removes the entry then
        }
    }

    private void write(ExternalRequest r) {
        Properties p = JournalEntry.of(r).toProperties();
        Path target = entry(directory, r.id());
        Path temp = directory.resolve(r.id() + ".tmp-" + Thread.currentThread().getId());
        synchronized (r) {
            try {
                try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    p.store(w, null);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                System.err.println("satellite: could not journal request " + r.id() + " (" + e.getMessage()
                        + "); if the engine stops now, it will be missing from the history");
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Clips text for an entry. */
    static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
