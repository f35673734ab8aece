package io.satellite.app.console.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStoreTest {
    private static UsagePoint p(int second, double cpu) {
        return new UsagePoint(Instant.ofEpochSecond(second), cpu, 1, 0, 0);
    }

    @Test
    void aRepeatedSampleIsKeptOnceAndTheLastPointsAreTheNewest() {
        SeriesStore s = new SeriesStore();
        s.add(1, p(10, 5));
        s.add(1, p(10, 5));
        s.add(1, p(11, 7));
        s.add(1, p(12, 9));
        assertEquals(List.of(p(10, 5), p(11, 7), p(12, 9)), s.points(1));
        assertEquals(List.of(p(11, 7), p(12, 9)), s.last(1, 2));
        assertEquals(List.of(), s.points(2));
    }

    @Test
    void theMonitorsCompleteSeriesReplacesAShorterOne() {
        SeriesStore s = new SeriesStore();
        s.add(1, p(12, 9));
        s.replace(1, List.of(p(10, 5), p(11, 7), p(12, 9)));
        assertEquals(3, s.points(1).size());
        s.replace(1, List.of(p(12, 9)));
        assertEquals(3, s.points(1).size());
    }

    @Test
    void keepsAtMostAnHourPerJobAndTheMostRecentJobs() {
        SeriesStore s = new SeriesStore();
        List<UsagePoint> long_ = new ArrayList<>();
        for (int i = 0; i < SeriesStore.POINTS + 10; i++) {
            s.add(1, p(i, i));
            long_.add(p(i, i));
        }
        assertEquals(SeriesStore.POINTS, s.points(1).size());
        assertEquals(p(10, 10), s.points(1).get(0));
        for (long id = 2; id <= SeriesStore.JOBS + 1; id++) {
            s.add(id, p(1, 1));
        }
        assertEquals(List.of(), s.points(1));
        assertEquals(1, s.points(SeriesStore.JOBS + 1).size());
        s.replace(7, long_);
        assertEquals(SeriesStore.POINTS, s.points(7).size());
    }
}
