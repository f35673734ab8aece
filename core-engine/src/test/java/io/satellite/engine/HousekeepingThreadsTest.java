package io.satellite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HousekeepingThreadsTest {
    /** The nice value of the calling thread, from its own /proc entry. */
    private static int ownNice() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void aHousekeepingThreadRunsAtALowerPriorityAndOnlyItDoes() throws Exception {
        int callers = ownNice();
        ExecutorService housekeeping = Executors.newSingleThreadExecutor(HousekeepingThreads.named("test-housekeeping"));
        try {
            CompletableFuture<Object[]> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Object[] {ownNice(), Thread.currentThread().getName(), Thread.currentThread().isDaemon()};
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, housekeeping);
            Object[] thread = seen.get(10, TimeUnit.SECONDS);
            assertEquals(Math.min(19, callers + HousekeepingThreads.NICE), thread[0], "the housekeeping thread's nice value");
            assertEquals("test-housekeeping", thread[1]);
            assertTrue((Boolean) thread[2], "a daemon thread: it must not keep the engine's JVM alive");
            assertEquals(callers, ownNice(), "the thread that made it keeps its own priority");
        } finally {
            housekeeping.shutdownNow();
        }
    }
}
