package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** {@link LoginPacer} and {@link Backoff}: no storm, growing jittered waits. */
class LoginPacerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void slots_evenlySpaced_atTheGivenRate() {
        LoginPacer pacer = new LoginPacer(100, now::get);
        assertEquals(0, pacer.reserve(0));
        assertEquals(10_000_000, pacer.reserve(0));
        assertEquals(20_000_000, pacer.reserve(0));
        assertEquals(500_000_000, pacer.reserve(500_000_000), "a later backoff is kept");
        assertEquals(510_000_000, pacer.reserve(0), "and the next slot follows it");
    }

    @Test
    void thousandAccountsAtOnce_takeTenSecondsAt100PerSecond() {
        LoginPacer pacer = new LoginPacer(100, now::get);
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = pacer.reserve(0);
        }
        assertEquals(9_990_000_000L, last);
    }

    @Test
    void idlePacer_doesNotSaveUpABurst() {
        LoginPacer pacer = new LoginPacer(10, now::get);
        now.addAndGet(60_000_000_000L);
        assertEquals(0, pacer.reserve(0));
        assertEquals(100_000_000, pacer.reserve(0));
    }

    @Test
    void backoff_doublesUpTo30s_withinItsUpperHalf() {
        RandomGenerator low = fixed(0);
        RandomGenerator high = fixed(Long.MAX_VALUE);
        Duration base = Duration.ofSeconds(1);
        assertEquals(Duration.ofMillis(500), Backoff.delay(base, 0, low));
        assertEquals(Duration.ofMillis(1000), Backoff.delay(base, 0, high));
        assertEquals(Duration.ofMillis(1000), Backoff.delay(base, 1, low));
        assertEquals(Duration.ofMillis(2000), Backoff.delay(base, 1, high));
        assertEquals(Duration.ofMillis(8000), Backoff.delay(base, 3, high));
        assertEquals(Duration.ofSeconds(30), Backoff.delay(base, 40, high));
        assertEquals(Duration.ofSeconds(15), Backoff.delay(base, 40, low));
    }

    /** nextLong(bound) gives 0 for 0, bound - 1 otherwise. */
    private static RandomGenerator fixed(long value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public long nextLong(long bound) {
                return value == 0 ? 0 : bound - 1;
            }
        };
    }
}
