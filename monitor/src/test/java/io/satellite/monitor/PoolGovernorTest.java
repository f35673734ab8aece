package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.launchpad.ResourcePool;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pool limits against canned job figures: who is alerted, who is killed, and when. */
class PoolGovernorTest {
    private static final long MIB = 1024 * 1024;
    private static final long HOST_MEMORY = 1000 * MIB;
    private static final int CPUS = 2;
    /** 10% of 1000 MiB = 100 MiB of memory; 50% of the host's CPU = one core. */
    private final ResourcePool pool = new ResourcePool("ep_analysts", 50, 10, 0, null, 0, 60, null);
    private final PoolGovernor governor = new PoolGovernor(2, 3);

    private List<PoolAlert> review(PoolGovernor.JobLoad... jobs) {
        return governor.review(pool, List.of(jobs), CPUS, HOST_MEMORY, Instant.EPOCH);
    }

    private static PoolGovernor.JobLoad job(long id, double cpu, long mib) {
        return new PoolGovernor.JobLoad(id, cpu, mib * MIB);
    }

    @Test
    void underItsLimitsAPoolHearsNothing() {
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(), review(job(1, 60, 40), job(2, 30, 50)));
        }
    }

    @Test
    void overMemoryItAlertsAtOnceThenKillsTheLargestJobAfterTheGrace() {
        List<PoolAlert> first = review(job(1, 10, 40), job(2, 10, 80));
        assertEquals(1, first.size());
        assertEquals(PoolAlert.Action.ALERT, first.get(0).action());
        assertEquals(PoolAlert.Resource.MEMORY, first.get(0).resource());
        assertEquals(2, first.get(0).requestId());
        List<PoolAlert> second = review(job(1, 10, 40), job(2, 10, 80));
        assertEquals(1, second.size());
        PoolAlert kill = second.get(0);
        assertEquals(PoolAlert.Action.KILL, kill.action());
        assertEquals(2, kill.requestId(), "the largest job goes");
        assertEquals(120 * MIB, (long) kill.used());
        assertEquals(100 * MIB, (long) kill.limit());
        assertTrue(kill.message().contains("resource pool 'ep_analysts' is over its MAX_MEMORY_PERCENT = 10"),
                kill.message());
        assertTrue(kill.message().contains("100.0 MiB of this host's 1000.0 MiB"), kill.message());
        assertTrue(kill.message().contains("request 2 the most (80.0 MiB)"), kill.message());
    }

    @Test
    void dippingUnderTheMemoryCapStartsTheGraceAgain() {
        assertEquals(PoolAlert.Action.ALERT, review(job(1, 0, 150)).get(0).action());
        assertEquals(List.of(), review(job(1, 0, 90)));
        assertEquals(PoolAlert.Action.ALERT, review(job(1, 0, 150)).get(0).action(), "a new episode");
        assertEquals(PoolAlert.Action.KILL, review(job(1, 0, 150)).get(0).action());
    }

    @Test
    void overCpuForTheGraceItAlertsOnceAndNeverKills() {
        // 150% of one core on a 2-CPU host = 75% of the host, over the pool's 50%
        assertEquals(List.of(), review(job(1, 100, 1), job(2, 50, 1)));
        assertEquals(List.of(), review(job(1, 100, 1), job(2, 50, 1)));
        List<PoolAlert> third = review(job(1, 100, 1), job(2, 50, 1));
        assertEquals(1, third.size());
        assertEquals(PoolAlert.Resource.CPU, third.get(0).resource());
        assertEquals(PoolAlert.Action.ALERT, third.get(0).action());
        assertEquals(1, third.get(0).requestId(), "the busiest job is named");
        assertEquals(75.0, third.get(0).used(), 1e-9);
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), review(job(1, 100, 1), job(2, 50, 1)), "once per episode");
        }
        review(job(1, 10, 1));
        review(job(1, 100, 1), job(2, 50, 1));
        review(job(1, 100, 1), job(2, 50, 1));
        assertEquals(1, review(job(1, 100, 1), job(2, 50, 1)).size(), "a new episode alerts again");
    }

    @Test
    void summingGivesCpuAsAShareOfTheHostAndTheCapInBytes() {
        PoolSample s = PoolGovernor.summarize(pool, List.of(job(1, 100, 30), job(2, 100, 30)), CPUS, HOST_MEMORY);
        assertEquals(100.0, s.cpuPercentOfHost(), 1e-9);
        assertEquals(60 * MIB, s.memoryBytes());
        assertEquals(100 * MIB, s.maxMemoryBytes());
        assertEquals(2, s.jobs());
    }
}
