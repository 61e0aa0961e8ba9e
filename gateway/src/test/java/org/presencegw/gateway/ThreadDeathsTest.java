package org.presencegw.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadDeathsTest {

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ThreadDeaths deaths = new ThreadDeaths(stopping::get);

    @Test
    void smackReactorDyingWhileStopping_expected_otherwiseAFault() {
        Thread reactor = new Thread(() -> { }, "Smack DefaultReactor Thread #0");
        Thread sip = new Thread(() -> { }, "sip-listener-1");
        assertFalse(deaths.expected(reactor));
        stopping.set(true);
        assertTrue(deaths.expected(reactor));
        assertFalse(deaths.expected(sip));
    }

    @Test
    void line_oneLineNamingThreadAndException() {
        Thread t = new Thread(() -> { }, "worker");
        assertEquals("thread worker died: java.lang.NullPointerException: Cannot invoke x",
                ThreadDeaths.line(t, new NullPointerException("Cannot invoke x\n\tmore")));
        assertEquals("thread worker died: java.lang.IllegalStateException",
                ThreadDeaths.line(t, new IllegalStateException()));
    }

    @Test
    void uncaughtException_doesNotThrow() {
        Thread t = new Thread(() -> { }, "worker");
        deaths.uncaughtException(t, new RuntimeException("boom"));
        stopping.set(true);
        deaths.uncaughtException(new Thread(() -> { }, "Smack DefaultReactor Thread #1"), new RuntimeException("x"));
    }
}
