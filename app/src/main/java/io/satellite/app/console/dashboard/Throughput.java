package io.satellite.app.console.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Finished jobs per minute over the last minutes, and the share that failed (a pure function of the history). */
public final class Throughput {
    /** One minute: when it starts, jobs that ended in it, and how many of those did not succeed. */
    public record Minute(Instant start, int finished, int failed) {
    }

    /** A finished job: when it ended and whether it succeeded. */
    public record Ending(Instant at, boolean succeeded) {
    }

    private Throughput() {
    }

    /** The {@code minutes} whole minutes up to and including the current one, oldest first. */
    public static List<Minute> perMinute(List<Ending> endings, Instant now, int minutes) {
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        Instant first = current.minus(minutes - 1L, ChronoUnit.MINUTES);
        int[] finished = new int[minutes];
        int[] failed = new int[minutes];
        for (Ending e : endings) {
            if (e.at().isBefore(first) || e.at().isAfter(now)) {
                continue;
            }
            int i = (int) ChronoUnit.MINUTES.between(first, e.at().truncatedTo(ChronoUnit.MINUTES));
            finished[i]++;
            if (!e.succeeded()) {
                failed[i]++;
            }
        }
        List<Minute> out = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            out.add(new Minute(first.plus(i, ChronoUnit.MINUTES), finished[i], failed[i]));
        }
        return out;
    }

    /** Failed share of all finished, in percent (0 when none finished). */
    public static double errorRate(List<Minute> minutes) {
        int all = minutes.stream().mapToInt(Minute::finished).sum();
        int failed = minutes.stream().mapToInt(Minute::failed).sum();
        return all == 0 ? 0 : 100.0 * failed / all;
    }
}
