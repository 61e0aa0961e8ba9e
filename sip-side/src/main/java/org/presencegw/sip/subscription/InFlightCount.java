package org.presencegw.sip.subscription;

import java.util.concurrent.TimeUnit;

/** NOTIFY transactions in flight, all destinations together, and the waits for fewer at shutdown. Thread-safe. */
final class InFlightCount {

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
