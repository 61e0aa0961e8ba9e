package org.presencegw.xmpp;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: the base delay doubling with every failed attempt up to {@link #MAX}, each drawn at random from
 * its upper half ("equal jitter"), so that accounts that failed together do not retry together. Pure.
 */
final class Backoff {
    /** The longest wait between two attempts of one account. */
    static final Duration MAX = Duration.ofSeconds(30);
    private static final Duration MIN = Duration.ofMillis(100);

    private Backoff() {
    }

    /** The delay before the next attempt after {@code failures} failed attempts in a row (0: the first retry). */
    static Duration delay(Duration base, int failures, RandomGenerator random) {
        Duration d = base.compareTo(MIN) < 0 ? MIN : base;
        for (int i = 0; i < failures && d.compareTo(MAX) < 0; i++) {
            d = d.multipliedBy(2);
        }
        if (d.compareTo(MAX) > 0) {
            d = MAX;
        }
        long half = d.toMillis() / 2;
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }
}
