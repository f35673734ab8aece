package io.satellite.engine.fuzz;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Runs a parser on inputs, one at a time on a thread of its own, and fails on the first
 * input that hangs (no answer in 5 s), throws what the parser must never throw (anything but
 * its own clear error), or allocates more than a bounded amount for its size. The seed is
 * printed, so a failure can be replayed with {@code -Dfuzz.seed=}.
 */
final class Fuzzer<T> implements AutoCloseable {
    /** Parses one input; may throw the parser's own clear error. */
    interface Target<T> {
        void parse(T input) throws Exception;
    }

    private static final long HANG_MILLIS = 5_000;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-target");
        t.setDaemon(true);
        return t;
    });
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Target<T> target;
    private final Predicate<Throwable> clearError;
    private final java.util.function.ToLongFunction<T> allowedBytes;
    final Random random;
    final long seed;
    int inputs;
    int rejected;
    long maxAllocated;

    Fuzzer(Target<T> target, Predicate<Throwable> clearError, java.util.function.ToLongFunction<T> allowedBytes) {
        this.target = target;
        this.clearError = clearError;
        this.allowedBytes = allowedBytes;
        this.seed = Long.getLong("fuzz.seed", System.nanoTime());
        this.random = new Random(seed);
    }

    /** Parses one input; throws AssertionError describing it if the parser misbehaves. */
    void feed(T input, java.util.function.Function<T, String> show) throws Exception {
        inputs++;
        Future<long[]> run = thread.submit(() -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            long failed = 0;
            try {
                target.parse(input);
            } catch (Throwable e) {
                if (!clearError.test(e)) {
                    throw e;
                }
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError("an error without a message", e);
                }
                failed = 1;
            }
            return new long[] {threads.getCurrentThreadAllocatedBytes() - before, failed};
        });
        long[] result;
        try {
            result = run.get(HANG_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("no answer in " + HANG_MILLIS + " ms (seed " + seed + ") for: " + show.apply(input));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("unexpected " + e.getCause() + " (seed " + seed + ") for: " + show.apply(input),
                    e.getCause());
        }
        rejected += (int) result[1];
        maxAllocated = Math.max(maxAllocated, result[0]);
        long allowed = allowedBytes.applyAsLong(input);
        if (result[0] > allowed) {
            throw new AssertionError("allocated " + result[0] + " bytes, more than " + allowed + " (seed " + seed
                    + ") for: " + show.apply(input));
        }
    }

    <E> E pick(List<E> from) {
        return from.get(random.nextInt(from.size()));
    }

    static String hex(byte[] b) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 400));
        return b.length + " bytes: " + h + (b.length > 400 ? "..." : "");
    }

    String summary() {
        return inputs + " inputs, " + rejected + " rejected with a clear error, largest allocation "
                + maxAllocated / 1024 + " KiB, seed " + seed;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
