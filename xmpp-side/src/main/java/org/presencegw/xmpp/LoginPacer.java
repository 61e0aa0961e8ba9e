package org.presencegw.xmpp;

import java.util.function.LongSupplier;

/**
 * Spaces the connect + login attempts of all accounts: at most {@code perSecond} start in any second, evenly spread,
 * whether they are first logins or reconnects. 1,000 accounts that all lost their connection when the server restarted
 * therefore come back as a steady trickle, not as a storm of simultaneous TLS handshakes and authentications.
 * Reservations never block: each attempt gets the next free slot and waits for it on a timer. Thread-safe.
 */
final class LoginPacer {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextFree;

    LoginPacer(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    LoginPacer(int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond < 1: " + perSecond);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.nanoTime = nanoTime;
        this.nextFree = nanoTime.getAsLong();
    }

    /**
     * Reserves the first free slot at or after {@code earliestDelayNanos} from now.
     *
     * @return how long to wait from now, in nanoseconds
     */
    synchronized long reserve(long earliestDelayNanos) {
        long now = nanoTime.getAsLong();
        long slot = Math.max(now + Math.max(0, earliestDelayNanos), nextFree);
        nextFree = slot + intervalNanos;
        return slot - now;
    }
}
