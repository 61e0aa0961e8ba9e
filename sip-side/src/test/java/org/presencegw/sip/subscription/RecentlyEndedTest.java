package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.presencegw.sip.store.SubscriptionKey;
import org.presencegw.sip.testing.TestClock;
import org.junit.jupiter.api.Test;

class RecentlyEndedTest {

    private final TestClock clock = TestClock.fixedAt(Instant.parse("2026-12-05T18:00:00Z"));
    private final RecentlyEnded ended = new RecentlyEnded(clock);
    private final SubscriptionKey key = new SubscriptionKey("call-1", "tag-1");

    @Test
    void remembered_atLeast32s_acrossOneRotation() {
        ended.put(key, 7);
        clock.advance(Duration.ofSeconds(31));
        ended.rotate(); // too early: nothing moves
        assertEquals(OptionalLong.of(7), ended.endedBy(key));
        clock.advance(Duration.ofSeconds(2));
        ended.rotate(); // 33 s: the generation that holds it becomes the previous one
        assertEquals(OptionalLong.of(7), ended.endedBy(key));
        clock.advance(Duration.ofSeconds(31));
        ended.rotate(); // 31 s after the swap: too early again
        assertEquals(OptionalLong.of(7), ended.endedBy(key));
    }

    @Test
    void forgotten_afterTheSecondRotation() {
        ended.put(key, 7);
        clock.advance(Duration.ofSeconds(32));
        ended.rotate();
        clock.advance(Duration.ofSeconds(32));
        ended.rotate();
        assertTrue(ended.endedBy(key).isEmpty());
    }

    @Test
    void requests_neverRotate_theSweepDoes() {
        // The requests' path reads no clock (a rare branch there cost a recompile of the SUBSCRIBE path under load).
        ended.put(key, 7);
        clock.advance(Duration.ofMinutes(5));
        assertEquals(OptionalLong.of(7), ended.endedBy(key));
        SubscriptionKey late = new SubscriptionKey("call-2", "tag-2");
        ended.put(late, 1);
        ended.rotate(); // the first sweep after a long silence: both move to the previous generation
        assertEquals(OptionalLong.of(7), ended.endedBy(key));
        assertEquals(OptionalLong.of(1), ended.endedBy(late), "put just before the rotation: kept another 32 s");
        clock.advance(Duration.ofSeconds(32));
        ended.rotate();
        assertTrue(ended.endedBy(key).isEmpty());
        assertTrue(ended.endedBy(late).isEmpty());
    }
}
