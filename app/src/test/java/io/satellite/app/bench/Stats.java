package io.satellite.app.bench;

import java.util.Arrays;

/** Percentiles (nearest rank) of a set of timings. */
final class Stats {
    private Stats() {
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }
}
