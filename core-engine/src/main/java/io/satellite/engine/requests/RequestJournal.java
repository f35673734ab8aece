package io.satellite.engine.requests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The requests the engine has in hand, one small file each under
 * {@code <data>/requests-in-flight}: written when a request is queued, with lines appended
 * when it starts and when it ends, removed once its history row is committed. What is left there
 * after the engine process died is what the history would otherwise never hear of:
 * {@link io.satellite.engine.recovery.InterruptedRequests} records it at the next start.
 *
 * <p>Each write is one system call, so an entry is always whole. Entries are not fsynced:
 * they survive the engine process being killed, not the host losing power (Derby's own log
 * is synced; fsyncing these would cost every job milliseconds).
 */
public final class RequestJournal implements RequestListener {
    public static final String DIRECTORY = "requests-in-flight";
    private static final int MAX_TEXT = 32_000;
    private final Path directory;
    /** The entries of requests in hand, open from queued to finished (one open and close per request, not per line). */
    private final java.util.Map<Long, FileChannel> open = new java.util.concurrent.ConcurrentHashMap<>();

    public RequestJournal(Path dataDirectory) throws IOException {
        // other users' scripts and queries: the engine's user alone may read them
        this.directory = Files.createDirectories(dataDirectory.resolve(DIRECTORY));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
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
        write(r, JournalEntry.of(r).lines(), false);
    }

    @Override
    public void started(ExternalRequest r) {
        write(r, JournalEntry.of(r).changes(), false);
    }

    @Override
    public void finished(ExternalRequest r) {
        write(r, JournalEntry.of(r).changes(), true);
    }

    /** The request's history row is committed: its entry goes. */
    public void recorded(long id) {
        try {
            Files.deleteIfExists(entry(directory, id));
        } catch (IOException e) {
            // the next start sees the row in the history and removes the entry then
        }
    }

    /**
     * One write system call: a process killed in the middle of it leaves the file as it was
     * before or after, never half a line (a later line wins when the entry is read). The entry
     * stays open while its request is in hand; writes go to its end.
     */
    private void write(ExternalRequest r, String text, boolean last) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        synchronized (r) {
            try {
                FileChannel f = open.get(r.id());
                if (f == null) {
                    f = FileChannel.open(entry(directory, r.id()), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    open.put(r.id(), f);
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    f.write(buffer);
                }
            } catch (IOException e) {
                System.err.println("satellite: could not journal request " + r.id() + " (" + e.getMessage()
                        + "); if the engine stops now, it will be missing from the history");
            } finally {
                if (last) {
                    close(open.remove(r.id()));
                }
            }
        }
    }

    private static void close(FileChannel f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException e) {
                // the lines are written; nothing is buffered
            }
        }
    }

    /** Clips text for an entry. */
    static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
