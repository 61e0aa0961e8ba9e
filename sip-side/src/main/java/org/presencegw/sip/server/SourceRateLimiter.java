package org.presencegw.sip.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code limits.requests_per_second_per_source} (issue 10): a token bucket per source IP address that refills at
 * the rate and holds twice the rate (the burst). The table is bounded: at {@value #MAX_SOURCES} sources, buckets
 * that have refilled completely (idle sources, whose state is the same as a new bucket's) are dropped; sources
 * that still find the table full share one overflow bucket, so a flood from many addresses is limited as one
 * source. Thread-safe.
 */
final class SourceRateLimiter {

    static final int MAX_SOURCES = 65_536;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final int perSecond;
    private final Bucket overflow;
    private volatile long lastSweep;

    SourceRateLimiter(int perSecond, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.nanoTime = nanoTime;
        this.overflow = new Bucket(perSecond, nanoTime.getAsLong());
        this.lastSweep = nanoTime.getAsLong();
    }

    /** Takes one token of {@code source}'s bucket; false when it is empty (the request is refused). */
    boolean admit(String source) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= MAX_SOURCES) {
                sweep(now);
            }
            b = buckets.size() >= MAX_SOURCES ? overflow
                    : buckets.computeIfAbsent(source, s -> new Bucket(perSecond, now));
        }
        return b.take(now);
    }

    /** Sources with a bucket (tests: the table stays bounded). */
    int sources() {
        return buckets.size();
    }

    /** Drops full buckets, at most once a second (the scan is O(table)). */
    private void sweep(long now) {
        if (now - lastSweep < NANOS_PER_SECOND) {
            return;
        }
        lastSweep = now;
        buckets.values().removeIf(b -> b.full(now));
    }

    private static final class Bucket {
        private final int perSecond;
        private final long capacityMilli;
        /** Tokens in thousandths. */
        private long tokensMilli;
        private long last;

        Bucket(int perSecond, long now) {
            this.perSecond = perSecond;
            this.capacityMilli = 2L * perSecond * 1000;
            this.tokensMilli = capacityMilli;
            this.last = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokensMilli < 1000) {
                return false;
            }
            tokensMilli -= 1000;
            return true;
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokensMilli >= capacityMilli;
        }

        private void refill(long now) {
            long elapsed = Math.max(0, now - last);
            last = now;
            long add = elapsed >= 3600 * NANOS_PER_SECOND ? capacityMilli
                    : elapsed * perSecond / 1_000_000L;
            tokensMilli = Math.min(capacityMilli, tokensMilli + add);
        }
    }
}
