package org.presencegw.sip.subscription;

import java.util.OptionalInt;

/**
 * The duration rules of RFC 6665 section 4.2.1.1 / 3.1.1 for one server configuration.
 *
 * @param defaultExpires used when the SUBSCRIBE has no Expires (RFC 3856 section 6.4)
 * @param minExpires     below this and above 0: 423 Interval Too Brief
 * @param maxExpires     longer requests are lowered to this
 */
public record ExpiresPolicy(int defaultExpires, int minExpires, int maxExpires) {

    /** The outcome for one SUBSCRIBE. */
    public sealed interface Decision {
        /** Grant this many seconds (0 = fetch or unsubscribe). */
        record Grant(int expires) implements Decision {
        }

        /** 423 with {@code Min-Expires}. */
        record TooBrief(int minExpires) implements Decision {
        }
    }

    public ExpiresPolicy {
        if (minExpires < 1 || minExpires > defaultExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 1 <= min <= default <= max");
        }
    }

    /**
     * RFC 6665 3.1.1: the notifier may shorten but never lengthen the duration; 0 is never too brief;
     * 423 only when {@code 0 < requested < min}.
     */
    public Decision decide(OptionalInt requested) {
        if (requested.isEmpty()) {
            return new Decision.Grant(defaultExpires);
        }
        long asked = requested.getAsInt();
        if (asked == 0) {
            return new Decision.Grant(0);
        }
        if (asked < minExpires) {
            return new Decision.TooBrief(minExpires);
        }
        return new Decision.Grant((int) Math.min(asked, maxExpires));
    }
}
