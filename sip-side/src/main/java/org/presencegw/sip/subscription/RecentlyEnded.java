package org.presencegw.sip.subscription;

import java.time.Clock;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.presencegw.sip.store.SubscriptionKey;

/**
 * Subscriptions ended by a SUBSCRIBE (unsubscribe, fetch) in the last 32 to 64 seconds, with that SUBSCRIBE's
 * CSeq: a retransmission of it, answered statelessly, gets the same 200 again instead of a 481 or a second fetch.
 * 32 s is 64*T1, how long a UDP retransmission can arrive (RFC 3261 17.2.2, Timer J). Two generations, swapped
 * every 32 s, bound the memory to the SUBSCRIBEs of one minute. Thread-safe.
 *
 * <p>The generations are swapped by {@link #rotate}, called once a second by the expiry sweep, not by the requests:
 * a check of the clock on every SUBSCRIBE whose rare branch, first taken 32 s after the start, threw away the
 * compiled SUBSCRIBE path in the middle of a load step, four listener threads at once (bench/FINDINGS.md,
 * "Session 24").
 */
final class RecentlyEnded {

    static final long LINGER_MILLIS = 32_000;

    private final Clock clock;
    private volatile Map<SubscriptionKey, Long> current = new ConcurrentHashMap<>();
    private volatile Map<SubscriptionKey, Long> previous = new ConcurrentHashMap<>();
    private volatile long swappedAt;

    RecentlyEnded(Clock clock) {
        this.clock = clock;
        this.swappedAt = clock.millis();
    }

    void put(SubscriptionKey key, long cseq) {
        current.put(key, cseq);
    }

    /** The CSeq of the SUBSCRIBE that ended {@code key}, when that happened within the last 32 s (at least). */
    OptionalLong endedBy(SubscriptionKey key) {
        Long cseq = current.get(key);
        if (cseq == null) {
            cseq = previous.get(key);
        }
        return cseq == null ? OptionalLong.empty() : OptionalLong.of(cseq);
    }

    /** Swaps the generations when the current one is 32 s old; called periodically (at least every few seconds). */
    void rotate() {
        long now = clock.millis();
        if (now - swappedAt < LINGER_MILLIS) {
            return;
        }
        synchronized (this) {
            if (now - swappedAt < LINGER_MILLIS) {
                return;
            }
            previous = current; // what was put since the last swap, however long ago that was
            current = new ConcurrentHashMap<>();
            swappedAt = now;
        }
    }
}
