package org.presencegw.xmpp.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition that no event announces (every 20 ms, up to a bound). */
public final class Polling {

    private Polling() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} when it does not within {@code within}. */
    public static void awaitTrue(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
