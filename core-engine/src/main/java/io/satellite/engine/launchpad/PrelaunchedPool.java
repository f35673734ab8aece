package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ready workers of a language whose zygote cannot give each forked child a uid of its own (a
 * registered language's launcher does not know how): each is a whole runtime, started ahead of
 * its job as a cold worker is (its own uid, its own directory) and waiting for the job on its
 * stdin, as SQL Server prelaunches its satellite processes. A job costs a runtime start, which
 * a zygote saves, but no two workers of any language share a uid.
 *
 * <p>A taken worker is replaced at once; housekeeping tops the pool up once a second. A worker
 * that died before its job (a launcher that fails at start) stops the top-ups for
 * {@value #QUIET_MILLIS} ms, so a broken launcher does not start runtimes in a loop.
 */
final class PrelaunchedPool implements ReadyWorkers {
    static final long QUIET_MILLIS = 30_000;
    private final String language;
    private final ColdStartLaunchpad cold;
    private final int size;
    private final LinkedBlockingDeque<Worker> ready = new LinkedBlockingDeque<>();
    private final ScheduledExecutorService starting;
    private volatile boolean closed;
    private volatile long quietUntil;

    PrelaunchedPool(String language, ColdStartLaunchpad cold, int size) {
        this.language = language;
        this.cold = cold;
        this.size = size;
        this.starting = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "prelaunched-" + language);
            t.setDaemon(true);
            return t;
        });
        starting.scheduleWithFixedDelay(this::topUp, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public Worker take() throws IOException {
        Worker w;
        while ((w = ready.poll()) != null) {
            if (w.isAlive()) {
                try {
                    starting.execute(this::addOne);
                } catch (RejectedExecutionException closing) {
                    // no refill after close
                }
                return w;
            }
            quietUntil = System.currentTimeMillis() + QUIET_MILLIS;
            w.close();
        }
        throw new IOException("no prelaunched " + language + " worker is ready");
    }

    private void topUp() {
        try {
            while (!closed && ready.size() < size && System.currentTimeMillis() >= quietUntil) {
                if (!addOne()) {
                    return;
                }
            }
        } catch (Throwable t) {
            quietUntil = System.currentTimeMillis() + QUIET_MILLIS; // the next round tries again
        }
    }

    private boolean addOne() {
        if (closed || ready.size() >= size) {
            return false;
        }
        try {
            Worker w = cold.acquire(language);
            ready.add(w);
            if (closed && ready.remove(w)) { // close() drained the pool while this one started
                w.close();
                return false;
            }
            return true;
        } catch (LaunchpadException | RuntimeException e) {
            quietUntil = System.currentTimeMillis() + QUIET_MILLIS;
            return false;
        }
    }

    @Override
    public int readyCount() {
        return ready.size();
    }

    @Override
    public void addStandby(Set<Long> pids, Set<Path> dirs) {
        for (Worker w : ready) {
            pids.add(w.pid());
            pids.addAll(ProcessTrees.descendants(w.pid())); // the sandbox's own processes and the runtime
            dirs.add(w.workingDirectory());
        }
    }

    @Override
    public void close() {
        closed = true;
        starting.shutdownNow();
        try {
            starting.awaitTermination(5, TimeUnit.SECONDS); // a start in flight adds its worker, closed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Worker w;
        while ((w = ready.poll()) != null) {
            w.close();
        }
    }

    @Override
    public String toString() {
        return "prelaunched " + language + " workers (" + ready.size() + " of " + size + " ready)";
    }
}
