package org.presencegw.sip.subscription;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** NOTIFY transactions in flight, all destinations together, and the wait for none at shutdown. Thread-safe. */
final class InFlightCount {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightCount.class);

    private final Object idle = new Object();
    /** Written under {@code idle}. */
    private volatile int count;

    int get() {
        return count;
    }

    void change(int delta) {
        synchronized (idle) {
            count += delta;
            if (count == 0) {
                idle.notifyAll();
            }
        }
    }

    /** Waits up to {@code wait} for every NOTIFY in flight to be answered. */
    void awaitNone(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (idle) {
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} final NOTIFYs still unanswered at shutdown", count);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
