package org.presencegw.sip.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code limits.requests_per_second_per_source}: token bucket, burst 2x, bounded table. */
class SourceRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1);
    private final SourceRateLimiter limiter = new SourceRateLimiter(10, now::get);

    @Test
    void burstOfTwiceTheRate_thenRefused_thenRefilledAtTheRate() {
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.admit("192.0.2.1"), "burst request " + i);
        }
        assertFalse(limiter.admit("192.0.2.1"));
        assertTrue(limiter.admit("192.0.2.2"), "another source has its own bucket");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        int admitted = 0;
        while (limiter.admit("192.0.2.1")) {
            admitted++;
        }
        assertEquals(5, admitted, "half a second at 10/s");
    }

    @Test
    void manySources_tableBounded_idleOnesDropped_overflowShared() {
        for (int i = 0; i < SourceRateLimiter.MAX_SOURCES + 100; i++) {
            limiter.admit("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertEquals(SourceRateLimiter.MAX_SOURCES, limiter.sources());
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertTrue(limiter.admit("198.51.100.1"));
        assertEquals(1, limiter.sources(), "refilled (idle) buckets were dropped to make room");
    }
}
