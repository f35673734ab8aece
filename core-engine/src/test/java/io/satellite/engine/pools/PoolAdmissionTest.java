package io.satellite.engine.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.launchpad.AdmissionTimeoutException;
import io.satellite.engine.launchpad.PoolAdmission;
import io.satellite.engine.launchpad.ResourcePool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Admission to pools, with real threads; waits are on latches and conditions, never on fixed sleeps. */
@Timeout(60)
class PoolAdmissionTest {
    private static final long PATIENCE_SECONDS = 20;
    private final PoolAdmission admission = new PoolAdmission();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private static ResourcePool pool(String name, int maxProcesses, int queueTimeoutSeconds) {
        return new ResourcePool(name, 100, 20, maxProcesses, null, 0, queueTimeoutSeconds, null);
    }

    /** Waits (generously) until the condition holds. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    @Test
    void admitsUpToTheLimitAndQueuesTheRest() throws Exception {
        ResourcePool p = pool("p", 2, 600);
        PoolAdmission.Ticket a = admission.admit(p);
        PoolAdmission.Ticket b = admission.admit(p);
        assertEquals(2, admission.active("p"));
        Future<PoolAdmission.Ticket> third = threads.submit(() -> admission.admit(p));
        await("the third request queues", () -> admission.queued("p") == 1);
        assertTrue(!third.isDone());
        assertEquals(2, admission.active("p"));

        a.close();
        PoolAdmission.Ticket c = third.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, admission.queued("P"), "pools are told apart without case");
        assertEquals(2, admission.active("p"));
        assertEquals("p", c.pool());
        a.close();
        assertEquals(2, admission.active("p"), "closing a ticket twice releases once");
        b.close();
        c.close();
        assertEquals(0, admission.active("p"));
        assertEquals(2, admission.peakActive("p"));
    }

    @Test
    void waitingRequestsAreAdmittedInArrivalOrder() throws Exception {
        ResourcePool p = pool("fifo", 1, 600);
        PoolAdmission.Ticket holder = admission.admit(p);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            int id = i;
            waiters.add(threads.submit(() -> {
                try (PoolAdmission.Ticket t = admission.admit(p)) {
                    order.add(id);
                }
                return null;
            }));
            await("request " + id + " queues", () -> admission.queued("fifo") == id);
        }
        holder.close();
        for (Future<?> w : waiters) {
            w.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6), order);
        assertEquals(1, admission.peakActive("fifo"));
        assertEquals(0, admission.active("fifo"));
    }

    @Test
    void aNewcomerDoesNotOvertakeTheQueue() throws Exception {
        ResourcePool p = pool("fair", 1, 600);
        PoolAdmission.Ticket holder = admission.admit(p);
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<?> first = threads.submit(() -> {
            try (PoolAdmission.Ticket t = admission.admit(p)) {
                firstIn.countDown();
                letGo.await();
            }
            return null;
        });
        await("the first waiter queues", () -> admission.queued("fair") == 1);
        holder.close();
        assertTrue(firstIn.await(PATIENCE_SECONDS, TimeUnit.SECONDS));
        // the place went straight to the waiter: a newcomer finds none free
        AdmissionTimeoutException e = assertThrows(AdmissionTimeoutException.class,
                () -> admission.admit(pool("fair", 1, 0)));
        assertEquals("fair", e.pool());
        letGo.countDown();
        first.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aRequestGivesUpAfterTheQueueTimeoutWithAClearMessage() throws Exception {
        ResourcePool p = pool("slow", 1, 1);
        try (PoolAdmission.Ticket holder = admission.admit(p)) {
            long start = System.nanoTime();
            AdmissionTimeoutException e = assertThrows(AdmissionTimeoutException.class, () -> admission.admit(p));
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waitedMs >= 990, "waited " + waitedMs + " ms");
            assertTrue(e.getMessage().startsWith("request waited 1 s in the queue of pool 'slow' (MAX_PROCESSES = 1"),
                    e.getMessage());
            assertEquals(0, admission.queued("slow"), "the request left the queue");
            assertEquals(1, admission.active("slow"));
        }
        assertEquals(0, admission.active("slow"));
        admission.admit(p).close();
    }

    @Test
    void zeroQueueTimeoutFailsAtOnceAndZeroProcessesIsUnlimited() throws Exception {
        ResourcePool strict = pool("strict", 1, 0);
        try (PoolAdmission.Ticket t = admission.admit(strict)) {
            AdmissionTimeoutException e = assertThrows(AdmissionTimeoutException.class, () -> admission.admit(strict));
            assertTrue(e.getMessage().startsWith("request waited 0 s in the queue of pool 'strict' (MAX_PROCESSES = 1"),
                    e.getMessage());
        }
        ResourcePool open = pool("open", 0, 0);
        List<PoolAdmission.Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tickets.add(admission.admit(open));
        }
        assertEquals(50, admission.active("open"));
        tickets.forEach(PoolAdmission.Ticket::close);
        assertEquals(50, admission.peakActive("open"));
        assertEquals(0, admission.active("open"));
    }

    @Test
    void aLoweredLimitAppliesToNewAdmissionsARaisedOneWakesTheQueue() throws Exception {
        List<PoolAdmission.Ticket> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(admission.admit(pool("elastic", 3, 600)));
        }
        admission.update(List.of(pool("elastic", 1, 600)));
        assertEquals(3, admission.active("elastic"), "running jobs keep their places");
        running.remove(0).close();
        Future<PoolAdmission.Ticket> next = threads.submit(() -> admission.admit(pool("elastic", 1, 600)));
        await("the request queues under the lowered limit", () -> admission.queued("elastic") == 1);
        running.remove(0).close();
        assertEquals(1, admission.queued("elastic"), "still 1 running, at the limit of 1");
        running.remove(0).close();
        PoolAdmission.Ticket admitted = next.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, admission.active("elastic"));

        Future<PoolAdmission.Ticket> w1 = threads.submit(() -> admission.admit(pool("elastic", 1, 600)));
        await("w1 queues", () -> admission.queued("elastic") == 1);
        Future<PoolAdmission.Ticket> w2 = threads.submit(() -> admission.admit(pool("elastic", 1, 600)));
        await("w2 queues", () -> admission.queued("elastic") == 2);
        admission.update(List.of(pool("elastic", 3, 600)));
        w1.get(PATIENCE_SECONDS, TimeUnit.SECONDS).close();
        w2.get(PATIENCE_SECONDS, TimeUnit.SECONDS).close();
        admitted.close();
        assertEquals(0, admission.active("elastic"));
        assertEquals(3, admission.peakActive("elastic"));
    }

    @Test
    void anInterruptedRequestLeavesTheQueue() throws Exception {
        ResourcePool p = pool("intr", 1, 600);
        try (PoolAdmission.Ticket holder = admission.admit(p)) {
            Future<PoolAdmission.Ticket> waiting = threads.submit(() -> admission.admit(p));
            await("the request queues", () -> admission.queued("intr") == 1);
            waiting.cancel(true);
            await("the interrupted request leaves", () -> admission.queued("intr") == 0);
            assertEquals(1, admission.active("intr"));
        }
        assertEquals(0, admission.active("intr"));
    }

    @Test
    void manyThreadsNeverExceedTheLimit() throws Exception {
        ResourcePool p = pool("busy", 3, 600);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(threads.submit(() -> {
                go.await();
                for (int k = 0; k < 20; k++) {
                    try (PoolAdmission.Ticket t = admission.admit(p)) {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> j : jobs) {
            j.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
        assertTrue(mostInside.get() <= 3, "at most 3 inside at once, saw " + mostInside.get());
        assertEquals(3, admission.peakActive("busy"));
        assertEquals(0, admission.active("busy"));
        assertEquals(0, admission.queued("busy"));
    }
}
