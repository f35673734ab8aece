package io.satellite.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * A job's samples over its lifetime, in a ring buffer of fixed capacity: once full, each new
 * sample replaces the oldest. Thread-safe (the sampler adds, the console reads).
 */
public final class SampleSeries {
    private final ResourceSample[] ring;
    private int next;
    private int size;

    public SampleSeries(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.ring = new ResourceSample[capacity];
    }

    public synchronized void add(ResourceSample sample) {
        ring[next] = sample;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The samples kept, oldest first. */
    public synchronized List<ResourceSample> samples() {
        List<ResourceSample> out = new ArrayList<>(size);
        int first = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(first + i) % ring.length]);
        }
        return out;
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return ring.length;
    }
}
