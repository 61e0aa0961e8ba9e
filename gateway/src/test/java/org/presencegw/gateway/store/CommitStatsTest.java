package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommitStatsTest {

    private static final long MS = 1_000_000L;

    @Test
    void commits_fallIntoTheirBuckets_upperBoundsInclusive_lastUnbounded() {
        CommitStats stats = new CommitStats();
        stats.committed(3, MS / 10);      // 0.1 ms
        stats.committed(1, MS / 2);       // 0.5 ms: on the first bound
        stats.committed(7, 3 * MS);       // 3 ms: the 5 ms bucket
        stats.committed(2, 2_000 * MS);   // 2 s: beyond the last bound
        CommitStats.Snapshot s = stats.snapshot();
        assertEquals(List.of(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0, Double.POSITIVE_INFINITY),
                s.upperBounds());
        assertEquals(List.of(2L, 0L, 0L, 1L, 0L, 0L, 0L, 0L, 0L, 0L, 1L), s.counts());
        assertEquals(4, s.commits());
        assertEquals(13, s.committedLists());
        assertEquals(2.0036, s.sumSeconds(), 1e-9);
        assertEquals(0, s.failedLists());
    }

    @Test
    void failures_areCountedApart_andNotAsCommits() {
        CommitStats stats = new CommitStats();
        stats.failed(5);
        stats.failed(1);
        CommitStats.Snapshot s = stats.snapshot();
        assertEquals(6, s.failedLists());
        assertEquals(0, s.commits());
        assertEquals(0, s.committedLists());
        assertEquals(0.0, s.sumSeconds());
    }

    @Test
    void aStoreThatWritesNothing_showsZeros() {
        CommitStats.Snapshot s = new VolatileGatewayStore().commitStats().snapshot();
        assertEquals(0, s.commits());
        assertEquals(0, s.committedLists());
        assertEquals(0, s.failedLists());
        assertEquals(11, s.counts().size());
    }
}
