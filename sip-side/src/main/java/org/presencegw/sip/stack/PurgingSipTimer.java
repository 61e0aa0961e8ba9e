package org.presencegw.sip.stack;

import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.DefaultSipTimer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RI's default timer ({@code java.util.Timer}), which also drops the tasks it cancels. A cancelled
 * {@code java.util.TimerTask} stays in the timer's queue until its time comes, and the RI cancels most of its
 * timers: each transaction's lifetime timer ({@code MAX_TX_LIFETIME_NON_INVITE}, 64 s) is cancelled when the
 * transaction ends a few milliseconds later. At 2000 SUBSCRIBE/s some 90,000 cancelled tasks (about 6 MB) stayed
 * in the queue, lived long enough to reach the old generation and made every insertion into the queue's heap
 * deeper (bench/FINDINGS.md, session 16). Every {@value #PURGE_EVERY} cancellations this timer purges them: the
 * queue then holds the live tasks and at most that many cancelled ones, and a purge costs what the queue holds.
 *
 * <p>Named by {@code gov.nist.javax.sip.TIMER_CLASS_NAME}; the RI creates it through its public constructor.
 */
public class PurgingSipTimer extends DefaultSipTimer {

    /** Cancellations between two purges. */
    static final int PURGE_EVERY = 1024;

    private final AtomicInteger cancelled = new AtomicInteger();

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        boolean done = super.cancel(task);
        if (cancelled.incrementAndGet() % PURGE_EVERY == 0) {
            purge();
        }
        return done;
    }
}
