package io.satellite.app.console.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples the console has of each job, by request id: gathered from the DMVs while the job
 * runs (or handed over complete by the embedded monitor when it ends), kept for the
 * {@value #JOBS} most recent jobs, each up to {@value #POINTS} samples (an hour at 1 s). This is
 * what the history's charts show: samples are not stored in the database.
 */
final class SeriesStore {
    static final int JOBS = 200;
    static final int POINTS = 3600;
    private final Map<Long, List<UsagePoint>> series = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, List<UsagePoint>> eldest) {
            return size() > JOBS;
        }
    };

    /** Adds a point unless it is the one last added (the DMV repeats a sample until the next). */
    synchronized void add(long id, UsagePoint p) {
        List<UsagePoint> points = series.computeIfAbsent(id, k -> new ArrayList<>());
        if (!points.isEmpty() && !p.at().isAfter(points.get(points.size() - 1).at())) {
            return;
        }
        points.add(p);
        if (points.size() > POINTS) {
            points.remove(0);
        }
    }

    /** Replaces a job's points with a complete series (the monitor's, at the job's end), if it is longer. */
    synchronized void replace(long id, List<UsagePoint> complete) {
        List<UsagePoint> known = series.get(id);
        if (known == null || complete.size() >= known.size()) {
            List<UsagePoint> copy = new ArrayList<>(complete.subList(Math.max(0, complete.size() - POINTS),
                    complete.size()));
            series.put(id, copy);
        }
    }

    synchronized List<UsagePoint> points(long id) {
        List<UsagePoint> p = series.get(id);
        return p == null ? List.of() : List.copyOf(p);
    }

    /** The last {@code n} points (for sparklines). */
    synchronized List<UsagePoint> last(long id, int n) {
        List<UsagePoint> p = series.get(id);
        return p == null ? List.of() : List.copyOf(p.subList(Math.max(0, p.size() - n), p.size()));
    }
}
