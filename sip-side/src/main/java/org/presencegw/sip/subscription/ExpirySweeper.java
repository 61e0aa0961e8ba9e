package org.presencegw.sip.subscription;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the subscriptions whose time is up (RFC 6665 4.2.2: final NOTIFY with {@code reason=timeout}). One sweep a
 * second over the registry instead of a timer task per subscription: ~120 bytes less per subscription and no cancel
 * and reschedule on every refresh, at the price of ending a subscription up to a second late. Each sweep also lets
 * the memory of recently ended subscriptions forget what is older than its 32 s ({@link RetransmissionMemory#rotate}).
 * Thread-safe.
 */
final class ExpirySweeper {

    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    private static final long PERIOD_MILLIS = 1000;

    private final SubscriptionRegistry registry;
    private final SubscriptionLifecycle lifecycle;
    private final RetransmissionMemory copies;
    private final Clock clock;
    private ScheduledFuture<?> task;

    ExpirySweeper(SubscriptionRegistry registry, SubscriptionLifecycle lifecycle, RetransmissionMemory copies,
                  Clock clock) {
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.copies = copies;
        this.clock = clock;
    }

    synchronized void start(ScheduledExecutorService scheduler) {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::sweep, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void sweep() {
        long now = clock.millis();
        try {
            copies.rotate();
            for (Subscription s : registry.live()) {
                if (s.due(now)) {
                    lifecycle.expireIfDue(s, now);
                }
            }
        } catch (RuntimeException e) {
            // A throwing periodic task would be silently cancelled: log and keep sweeping.
            LOG.warn("expiry sweep failed", e);
        }
    }
}
