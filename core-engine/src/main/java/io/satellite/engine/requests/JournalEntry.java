package io.satellite.engine.requests;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the {@link RequestJournal} keeps of one request: enough to write its history row.
 *
 * @param state  where the request was when the entry was last written
 * @param pids   its workers' host pids (empty before it had one)
 * @param error  the error of a finished request, else null
 */
public record JournalEntry(long id, String user, String language, String pool, RequestState state,
                           Instant queuedAt, Instant startedAt, Instant endedAt, List<Long> pids, String error,
                           String script, String inputQuery, long rowsIn, long rowsOut, long bytesIn,
                           long bytesOut, long cpuMillis, long peakResidentBytes, int workers) {

    static JournalEntry of(ExternalRequest r) {
        return new JournalEntry(r.id(), r.user(), r.language(), r.pool(), r.state(), r.queuedAt(), r.startedAt(),
                r.endedAt(), r.pids(), r.error(), RequestJournal.clip(r.script()),
                RequestJournal.clip(r.inputQuery()), r.rowsIn(), r.rowsOut(), r.bytesIn(), r.bytesOut(),
                r.cpuMillis(), r.peakResidentBytes(), Math.max(1, r.workerCount()));
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("id", Long.toString(id));
        p.setProperty("user", user);
        p.setProperty("language", language);
        p.setProperty("pool", pool);
        p.setProperty("state", state.name());
        p.setProperty("queuedAt", queuedAt.toString());
        put(p, "startedAt", startedAt);
        put(p, "endedAt", endedAt);
        p.setProperty("pids", String.join(" ", pids.stream().map(String::valueOf).toList()));
        put(p, "error", error);
        put(p, "script", script);
        put(p, "inputQuery", inputQuery);
        p.setProperty("figures", rowsIn + " " + rowsOut + " " + bytesIn + " " + bytesOut + " " + cpuMillis + " "
                + peakResidentBytes + " " + workers);
        return p;
    }

    private static void put(Properties p, String key, Object value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }

    /** Reads an entry; fails with a message naming the file if it is not one. */
    public static JournalEntry read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            String[] f = p.getProperty("figures", "0 0 0 0 0 0 1").trim().split(" ");
            List<Long> pids = new ArrayList<>();
            for (String pid : p.getProperty("pids", "").trim().split(" ")) {
                if (!pid.isEmpty()) {
                    pids.add(Long.parseLong(pid));
                }
            }
            return new JournalEntry(Long.parseLong(required(p, "id")), required(p, "user"), required(p, "language"),
                    required(p, "pool"), RequestState.valueOf(required(p, "state")),
                    Instant.parse(required(p, "queuedAt")), instant(p, "startedAt"), instant(p, "endedAt"),
                    List.copyOf(pids), p.getProperty("error"), p.getProperty("script"), p.getProperty("inputQuery"),
                    Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]));
        } catch (RuntimeException e) {
            throw new IOException("not a request journal entry: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    private static Instant instant(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : Instant.parse(v);
    }
}
