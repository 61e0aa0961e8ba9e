package org.presencegw.sip.subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFY pacing (RFC 3856 section 6.10, CONFORMANCE PRS-07): the time-bucketed wheel that hands back, when its
 * window has passed, each subscription whose change-caused NOTIFY was held back because the one before it went out
 * less than one interval ago. One periodic task on the shared scheduler for all subscriptions (no timer per
 * subscription): the wheel has one slot per tick, a tick is a twentieth of the interval (10 to 250 ms), so a held
 * NOTIFY goes out at most one tick after its window ends, never before. A subscription is at most once on the wheel
 * ({@link NotifyLane#onWheel}); what it does when its turn comes is the {@link NotifySender}'s: it looks at the
 * lane again under the subscription's monitor and sends, holds again, or leaves it to the NOTIFY in flight.
 *
 * <p>Thread-safe: the wheel is guarded by this object's monitor, which is never held while a subscription's is
 * taken (callers that hold a subscription's monitor may call {@link #schedule}).
 */
final class NotifyPacer {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyPacer.class);
    static final long MIN_TICK_MILLIS = 10;
    static final long MAX_TICK_MILLIS = 250;

    private final Clock clock;
    private volatile long intervalMillis;
    private long tickMillis = MAX_TICK_MILLIS;
    private List<ArrayDeque<Subscription>> slots = List.of();
    /** The first tick whose slot has not been drained yet. */
    private long nextTick;
    private int size;
    private ScheduledFuture<?> task;

    NotifyPacer(Clock clock) {
        this.clock = clock;
    }

    /** Sets the interval; {@link Duration#ZERO} turns pacing off. Before {@link #start}. */
    synchronized void interval(Duration interval) {
        if (task != null) {
            throw new IllegalStateException("pacing already started");
        }
        intervalMillis = interval.toMillis();
        tickMillis = Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, intervalMillis / 20));
        int count = (int) ((intervalMillis + tickMillis - 1) / tickMillis) + 2;
        List<ArrayDeque<Subscription>> ring = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ring.add(new ArrayDeque<>());
        }
        slots = intervalMillis > 0 ? ring : List.of();
        nextTick = clock.millis() / tickMillis;
    }

    /** The least gap between two change-caused NOTIFYs of one subscription, in ms; 0 when off. */
    long intervalMillis() {
        return intervalMillis;
    }

    /** Starts the wheel's one periodic task, which hands due subscriptions to {@code due}. */
    synchronized void start(ScheduledExecutorService scheduler, Consumer<Subscription> due) {
        if (intervalMillis == 0 || task != null) {
            return;
        }
        task = scheduler.scheduleWithFixedDelay(() -> {
            try {
                takeDue(clock.millis()).forEach(due);
            } catch (RuntimeException e) {
                // A throwing periodic task would be cancelled silently: log and keep pacing.
                LOG.warn("NOTIFY pacing tick failed", e);
            }
        }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /**
     * Holds {@code next} back in {@code s}'s lane when it is paced and its window has not ended, and puts the lane on
     * the wheel for the window's end (once); false when it may go now. Under {@code s}'s monitor.
     */
    boolean holdBack(Subscription s, NotifyLane.Pending next) {
        long at = s.lane().sendableAt(next, clock.millis(), intervalMillis());
        if (at == 0) {
            return false;
        }
        s.lane().hold(next);
        if (!s.lane().onWheel()) {
            s.lane().onWheel(true);
            schedule(s, at);
        }
        return true;
    }

    /** Puts {@code s} on the wheel for {@code dueMillis} (never earlier than the next tick). */
    synchronized void schedule(Subscription s, long dueMillis) {
        long tick = Math.max((dueMillis + tickMillis - 1) / tickMillis, nextTick);
        slots.get((int) (tick % slots.size())).add(s);
        size++;
    }

    /**
     * Removes and returns every subscription due at {@code nowMillis}. After a stall longer than one turn of the
     * wheel every slot is drained: one handed back early is only held again.
     */
    synchronized List<Subscription> takeDue(long nowMillis) {
        List<Subscription> due = new ArrayList<>();
        long nowTick = nowMillis / tickMillis;
        if (size == 0 || nowTick < nextTick) {
            nextTick = Math.max(nextTick, nowTick + 1);
            return due;
        }
        long from = Math.max(nextTick, nowTick - slots.size() + 1);
        for (long t = from; t <= nowTick; t++) {
            ArrayDeque<Subscription> slot = slots.get((int) (t % slots.size()));
            due.addAll(slot);
            slot.clear();
        }
        size -= due.size();
        nextTick = nowTick + 1;
        return due;
    }

    /** Subscriptions waiting on the wheel. */
    synchronized int size() {
        return size;
    }
}
