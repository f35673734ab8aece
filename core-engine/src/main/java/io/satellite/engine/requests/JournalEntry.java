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

    /** The whole entry, as lines of a properties file. */
    String lines() {
        StringBuilder b = new StringBuilder();
        line(b, "id", id);
        line(b, "user", user);
        line(b, "language", language);
        line(b, "pool", pool);
        line(b, "queuedAt", queuedAt);
        line(b, "script", script);
        line(b, "inputQuery", inputQuery);
        return b.append(changes()).toString();
    }

    /**
     * What changes as the request goes on: appended to the entry, where a later line of a
     * properties file wins over an earlier one with the same key.
     */
    String changes() {
        StringBuilder b = new StringBuilder();
        line(b, "state", state.name());
        line(b, "startedAt", startedAt);
        line(b, "endedAt", endedAt);
        line(b, "pids", String.join(" ", pids.stream().map(String::valueOf).toList()));
        line(b, "error", error);
        line(b, "figures", rowsIn + " " + rowsOut + " " + bytesIn + " " + bytesOut + " " + cpuMillis + " "
                + peakResidentBytes + " " + workers);
        return b.toString();
    }

    /** {@code key=value} with the escapes {@link Properties#load} reads back; nothing for a null value. */
    private static void line(StringBuilder b, String key, Object value) {
        if (value == null) {
            return;
        }
        String v = value.toString();
        b.append(key).append('=');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case ' ', '\t', '\f' -> b.append(i == 0 ? "\\" : "").append(ch);
                default -> b.append(ch);
            }
        }
        b.append('\n');
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
