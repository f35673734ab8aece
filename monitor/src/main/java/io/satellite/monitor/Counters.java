package io.satellite.monitor;

/**
 * Cumulative counters (bytes read, written, received, sent) read at one moment, and the rate
 * between two such readings. Pure.
 */
record Counters(long nanos, long a, long b) {

    /** Per second from {@code before} to this reading; a counter that went back (reset) counts 0. */
    double ratePerSecondOfA(Counters before) {
        return rate(before.a, a, before.nanos);
    }

    double ratePerSecondOfB(Counters before) {
        return rate(before.b, b, before.nanos);
    }

    private double rate(long from, long to, long fromNanos) {
        double seconds = (nanos - fromNanos) / 1e9;
        return seconds <= 0 || to < from ? 0 : (to - from) / seconds;
    }
}
