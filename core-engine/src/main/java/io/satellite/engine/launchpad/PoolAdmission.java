package io.satellite.engine.launchpad;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Admission to external resource pools: at most MAX_PROCESSES jobs of a pool run at once
 * (0 = unlimited); further requests wait in first-come, first-served order up to the pool's
 * QUEUE_TIMEOUT_SECONDS (0 = no waiting). A released place goes to the head of the queue, so
 * a newcomer never overtakes a waiting request. Pools are told apart by name without case.
 *
 * <p>The limits in force are those of the latest {@link #update} or {@link #admit} argument;
 * a lowered MAX_PROCESSES applies to admissions from then on, running jobs are not stopped.
 */
public final class PoolAdmission {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, PoolState> pools = new HashMap<>();

    /**
     * Waits for a place in the pool; the ticket holds it until closed.
     *
     * @throws AdmissionTimeoutException the pool's queue timeout passed first
     * @throws InterruptedException      interrupted while queued (the request leaves the queue)
     */
    public Ticket admit(ResourcePool pool) throws InterruptedException, AdmissionTimeoutException {
        return admit(pool, true).orElseThrow();
    }

    /**
     * A place in the pool if there is one now and nobody is queued for it (extra workers of a
     * parallel request take only what is free; they never queue).
     */
    public java.util.Optional<Ticket> tryAdmit(ResourcePool pool) {
        try {
            return admit(pool, false);
        } catch (InterruptedException | AdmissionTimeoutException e) {
            return java.util.Optional.empty();
        }
    }

    private java.util.Optional<Ticket> admit(ResourcePool pool, boolean wait)
            throws InterruptedException, AdmissionTimeoutException {
        long start = System.nanoTime();
        lock.lockInterruptibly();
        try {
            PoolState state = state(pool);
            if (state.queue.isEmpty() && state.hasRoom()) {
                state.enter();
                return java.util.Optional.of(new Ticket(state, Duration.ZERO));
            }
            if (!wait) {
                return java.util.Optional.empty();
            }
            long timeout = TimeUnit.SECONDS.toNanos(pool.queueTimeoutSeconds());
            Waiter me = new Waiter(lock.newCondition());
            state.queue.addLast(me);
            try {
                long left = timeout;
                while (!me.admitted && left > 0) {
                    left = me.turn.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                if (me.admitted) {
                    state.leave();
                } else {
                    state.queue.remove(me);
                }
                throw e;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (!me.admitted) {
                state.queue.remove(me);
                throw new AdmissionTimeoutException(state.name, waited, state.maxProcesses, pool.queueTimeoutSeconds());
            }
            return java.util.Optional.of(new Ticket(state, waited));
        } finally {
            lock.unlock();
        }
    }

    /** Applies the pools' current limits; requests already queued are admitted if the new limit allows. */
    public void update(List<ResourcePool> current) {
        lock.lock();
        try {
            Set<String> keys = current.stream().map(p -> key(p.name())).collect(Collectors.toSet());
            for (ResourcePool p : current) {
                state(p);
            }
            // a dropped pool's state goes once nothing uses it
            pools.values().removeIf(s -> !keys.contains(key(s.name)) && s.active == 0 && s.queue.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /** Jobs of the pool holding a place now. */
    public int active(String pool) {
        return read(pool, s -> s.active);
    }

    /** Requests of the pool waiting for a place now. */
    public int queued(String pool) {
        return read(pool, s -> s.queue.size());
    }

    /** The most jobs of the pool that held a place at once since this admission started. */
    public int peakActive(String pool) {
        return read(pool, s -> s.peak);
    }

    private int read(String pool, java.util.function.ToIntFunction<PoolState> f) {
        lock.lock();
        try {
            PoolState s = pools.get(key(pool));
            return s == null ? 0 : f.applyAsInt(s);
        } finally {
            lock.unlock();
        }
    }

    /** The pool's state with the pool's limits applied (called with the lock held). */
    private PoolState state(ResourcePool pool) {
        PoolState s = pools.computeIfAbsent(key(pool.name()), k -> new PoolState(pool.name()));
        s.name = pool.name();
        s.maxProcesses = pool.maxProcesses();
        s.dispatch();
        return s;
    }

    private static String key(String pool) {
        return pool == null ? "" : pool.toLowerCase(Locale.ROOT);
    }

    /** A place in a pool; closing it (once; later closes do nothing) lets the next request in. */
    public final class Ticket implements AutoCloseable {
        private final PoolState state;
        private final Duration queued;
        private boolean released;

        private Ticket(PoolState state, Duration queued) {
            this.state = state;
            this.queued = queued;
        }

        public String pool() {
            return state.name;
        }

        /** How long the request waited in the queue. */
        public Duration queued() {
            return queued;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (!released) {
                    released = true;
                    state.leave();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class Waiter {
        final Condition turn;
        boolean admitted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }

    /** One pool's counters and queue; guarded by the admission's lock. */
    private static final class PoolState {
        String name;
        int maxProcesses;
        int active;
        int peak;
        final ArrayDeque<Waiter> queue = new ArrayDeque<>();

        PoolState(String name) {
            this.name = name;
        }

        boolean hasRoom() {
            return maxProcesses <= 0 || active < maxProcesses;
        }

        void enter() {
            active++;
            peak = Math.max(peak, active);
        }

        void leave() {
            active--;
            dispatch();
        }

        /** Hands free places to the queue's head, in order. */
        void dispatch() {
            Iterator<Waiter> it = queue.iterator();
            while (it.hasNext() && hasRoom()) {
                Waiter w = it.next();
                it.remove();
                w.admitted = true;
                enter();
                w.turn.signal();
            }
        }
    }
}
