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
            if (delta < 0) {
                idle.notifyAll();
            }
        }
    }

    /** Waits up to {@code wait} for every NOTIFY in flight to be answered. */
    void awaitNone(Duration wait) {
        if (!awaitAtMost(0, System.nanoTime() + wait.toNanos())) {
            LOG.warn("{} final NOTIFYs still unanswered at shutdown", count);
        }
    }

    /**
     * Waits until at most {@code max} NOTIFYs are in flight, or until {@code deadlineNanos} ({@link System#nanoTime}).
     *
     * @return whether the count came down to {@code max} in time
     */
    boolean awaitAtMost(int max, long deadlineNanos) {
        synchronized (idle) {
            while (count > max) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
