package org.presencegw.sip.api;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Default, minimum and maximum lifetimes, in seconds, of a subscription (RFC 6665 section 4.2.1.1 and 3.1.1), a
 * registration binding (RFC 3261 section 10.3 step 7) or a publication (RFC 3903 section 6 step 4): the notifier,
 * registrar or compositor may shorten a requested duration but never lengthen it, and refuses one that is above 0 and
 * below the minimum (423 Interval Too Brief with Min-Expires).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param defaultSeconds used when the request names no duration (RFC 3856 section 6.4 for SUBSCRIBE)
 * @param minSeconds     below this and above 0: 423 Interval Too Brief
 * @param maxSeconds     longer requests are lowered to this
 */
public record ExpiryPolicy(long defaultSeconds, long minSeconds, long maxSeconds) {

    /** RFC 3261 section 20.19: delta-seconds range from 0 to 2^32 - 1. */
    public static final long MAX_DELTA_SECONDS = 0xFFFF_FFFFL;

    /** The outcome for one request. */
    public sealed interface Decision {
        /** Grant this many seconds (0 = fetch, unsubscribe or removal). */
        record Grant(long seconds) implements Decision {
        }

        /** 423 with {@code Min-Expires}. */
        record TooBrief(long minSeconds) implements Decision {
        }
    }

    public ExpiryPolicy {
        if (minSeconds < 1 || minSeconds > defaultSeconds || defaultSeconds > maxSeconds) {
            throw new IllegalArgumentException("need 1 <= min <= default <= max, got min=" + minSeconds
                    + " default=" + defaultSeconds + " max=" + maxSeconds);
        }
    }

    /**
     * Reads a delta-seconds value. Empty when the text is not 1*DIGIT or exceeds 2^32 - 1: the caller then uses
     * the default, as RFC 4475 section 3.1.2.4 (scalar02) expects for an overlarge Expires.
     */
    public static Optional<Long> parseDeltaSeconds(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        long value = Long.parseLong(s);
        return value > MAX_DELTA_SECONDS ? Optional.empty() : Optional.of(value);
    }

    /** RFC 6665 3.1.1: absent is the default; 0 is never too brief; 423 only when {@code 0 < requested < min}. */
    public Decision decide(OptionalLong requested) {
        long asked = requested.orElse(defaultSeconds);
        return tooBrief(asked) ? new Decision.TooBrief(minSeconds) : new Decision.Grant(grant(asked));
    }

    /** Whether a requested lifetime is above zero but below the minimum (the 423 Interval Too Brief case). */
    public boolean tooBrief(long requested) {
        return requested > 0 && requested < minSeconds;
    }

    /** The lifetime granted for an acceptable request: lowered to the maximum, never raised. */
    public long grant(long requested) {
        return Math.min(requested, maxSeconds);
    }
}
