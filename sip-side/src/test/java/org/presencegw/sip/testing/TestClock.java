package org.presencegw.sip.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The tests' one clock, in UTC, that a test moves forward by hand with {@link #advance}. Two kinds:
 * {@link #fixedAt} stands still between advances (pure logic tests: every instant is known);
 * {@link #runningFromNow} is the system clock plus the offset (tests with a real stack, whose timers and
 * timeouts need time to pass, yet want e.g. a nonce to be stale without sleeping).
 */
public final class TestClock extends Clock {

    private final Supplier<Instant> base;
    private volatile Duration offset = Duration.ZERO;

    private TestClock(Supplier<Instant> base) {
        this.base = base;
    }

    /** A clock that reads {@code start} until advanced. */
    public static TestClock fixedAt(Instant start) {
        return new TestClock(() -> start);
    }

    /** The system clock, plus what the test advances it by. */
    public static TestClock runningFromNow() {
        return new TestClock(Instant::now);
    }

    public void advance(Duration d) {
        offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC only");
    }

    @Override
    public Instant instant() {
        return base.get().plus(offset);
    }
}
