package org.presencegw.sip.subscription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Unanswered NOTIFYs accounted per destination (issue 10), so that watchers that never answer cost only
 * themselves: at most {@code limit} NOTIFY transactions are in flight toward one destination (the flow a watcher's
 * SUBSCRIBE came over, or the first route of its route set); a subscription whose NOTIFY finds its destination
 * full waits, its newest NOTIFY kept in its lane (coalescing), and is woken when a NOTIFY toward that destination
 * ends. A destination whose NOTIFYs time out {@value #TIMEOUTS_TO_BACK_OFF} times in a row is backed off for
 * {@value #FIRST_BACKOFF_SECONDS} s, doubling on each further timeout up to {@value #MAX_BACKOFF_SECONDS} s: one
 * NOTIFY at a time may probe it, and waiting or new NOTIFYs toward it are dropped, ending their subscriptions as
 * their own timeout would (RFC 6665 4.2.2). Any answer from the destination ends the back-off. A timeout does not
 * count toward a back-off while the destination answered another NOTIFY within the last
 * {@value #ALIVE_WINDOW_SECONDS} s (a NOTIFY transaction's own lifetime, RFC 3261 Timer F): a proxy or a client that
 * answers is alive, and the watchers behind it that do not answer cost only their own subscriptions. Without this, a
 * burst of NOTIFYs to a few dead watchers timing out together (they were sent together) backed off a live proxy
 * carrying thousands of watchers, and dropped their waiting NOTIFYs.
 *
 * <p>Thread-safe: one lock, never held while calling out. Memory: one small entry per destination with something
 * in flight or waiting; each subscription waits at most once.
 */
final class NotifyBudget {

    static final int TIMEOUTS_TO_BACK_OFF = 3;
    static final int FIRST_BACKOFF_SECONDS = 5;
    static final int MAX_BACKOFF_SECONDS = 300;
    static final int ALIVE_WINDOW_SECONDS = 32;

    /** What {@link #tryAcquire} decided. */
    enum Admission {
        /** Send now: a slot is held until {@link #release}. */
        SEND,
        /** Wait coalesced in the lane; {@link #release} of another NOTIFY toward the destination wakes it. */
        WAIT,
        /** The destination is backed off and its probe slot is taken: drop, the subscription ends. */
        DROP
    }

    private static final class Destination {
        int inFlight;
        int consecutiveTimeouts;
        int backoffLevel;
        long backoffUntilNanos;
        boolean answered;
        long lastAnswerNanos;
        final ArrayDeque<Subscription> waiting = new ArrayDeque<>();
    }

    private final Map<String, Destination> byKey = new HashMap<>();
    private final Set<Subscription> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The destination each NOTIFY transaction in flight holds a slot of. */
    private final Map<Object, String> slots = new java.util.concurrent.ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile int limit;

    NotifyBudget(int limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /**
     * Where a NOTIFY of this dialog goes, for the account: the first route when there is a route set, else the
     * flow its SUBSCRIBE came over.
     */
    static String destination(DialogRecord dialog) {
        return dialog.routeSet().isEmpty() ? dialog.flow().toString() : "route " + dialog.routeSet().get(0);
    }

    void limit(int max) {
        this.limit = max;
    }

    /** Asks to send a NOTIFY of {@code s} toward {@code key}; on {@link Admission#WAIT} {@code s} is queued. */
    synchronized Admission tryAcquire(String key, Subscription s) {
        Destination d = byKey.computeIfAbsent(key, k -> new Destination());
        boolean backedOff = backedOff(d);
        if (d.inFlight < (backedOff ? 1 : limit)) {
            if (queued.remove(s)) {
                d.waiting.remove(s);
            }
            d.inFlight++;
            return Admission.SEND;
        }
        if (backedOff) {
            forget(key, d);
            return Admission.DROP;
        }
        if (queued.add(s)) {
            d.waiting.addLast(s);
        }
        return Admission.WAIT;
    }

    /**
     * A NOTIFY toward {@code key} ended: answered ({@code timedOut} false, whatever the status) or timed out. Returns
     * the subscription to wake (it retries with its waiting NOTIFY; if it has none, {@link #next} wakes another)
     * and, after entering a back-off, the ones to drop (their NOTIFYs waited for a destination that does not
     * answer).
     */
    synchronized Released release(String key, boolean timedOut) {
        Destination d = byKey.get(key);
        if (d == null) {
            return Released.NONE;
        }
        d.inFlight = Math.max(0, d.inFlight - 1);
        List<Subscription> drop = List.of();
        long now = nanoTime.getAsLong();
        if (!timedOut) {
            d.consecutiveTimeouts = 0;
            d.backoffLevel = 0;
            d.backoffUntilNanos = 0;
            d.answered = true;
            d.lastAnswerNanos = now;
        } else if (d.answered && now - d.lastAnswerNanos < ALIVE_WINDOW_SECONDS * 1_000_000_000L) {
            d.consecutiveTimeouts = 0; // the destination answers others: only this watcher is silent
        } else if (++d.consecutiveTimeouts >= TIMEOUTS_TO_BACK_OFF) {
            long seconds = Math.min(MAX_BACKOFF_SECONDS,
                    (long) FIRST_BACKOFF_SECONDS << Math.min(16, d.backoffLevel));
            d.backoffLevel++;
            d.backoffUntilNanos = now + seconds * 1_000_000_000L;
            drop = new ArrayList<>(d.waiting);
            d.waiting.forEach(queued::remove);
            d.waiting.clear();
        }
        Optional<Subscription> wake = poll(d);
        forget(key, d);
        return new Released(wake, drop);
    }

    /** The next waiting subscription toward {@code key} if a slot is free (a woken one had nothing to send). */
    synchronized Optional<Subscription> next(String key) {
        Destination d = byKey.get(key);
        if (d == null) {
            return Optional.empty();
        }
        Optional<Subscription> wake = poll(d);
        forget(key, d);
        return wake;
    }

    /** The NOTIFY transaction {@code transaction} holds the slot it got toward {@code key}. */
    void held(Object transaction, String key) {
        slots.put(transaction, key);
    }

    /** The destination whose slot {@code transaction} held, once: then {@link #release} it. */
    Optional<String> freedBy(Object transaction) {
        return Optional.ofNullable(slots.remove(transaction));
    }

    /** {@code s} no longer waits (ended, or its NOTIFY went elsewhere). */
    synchronized void cancel(String key, Subscription s) {
        Destination d = byKey.get(key);
        if (d != null && queued.remove(s)) {
            d.waiting.remove(s);
            forget(key, d);
        }
    }

    private Optional<Subscription> poll(Destination d) {
        if (d.inFlight >= (backedOff(d) ? 1 : limit) || d.waiting.isEmpty()) {
            return Optional.empty();
        }
        Subscription s = d.waiting.pollFirst();
        queued.remove(s);
        return Optional.of(s);
    }

    /** NOTIFYs in flight toward {@code key} (tests, metrics). */
    synchronized int inFlight(String key) {
        Destination d = byKey.get(key);
        return d == null ? 0 : d.inFlight;
    }

    /** Subscriptions waiting for {@code key} (tests, metrics). */
    synchronized int waiting(String key) {
        Destination d = byKey.get(key);
        return d == null ? 0 : d.waiting.size();
    }

    /** Destinations tracked (tests: the table shrinks back when nothing is in flight). */
    synchronized int destinations() {
        return byKey.size();
    }

    private boolean backedOff(Destination d) {
        if (d.backoffUntilNanos == 0) {
            return false;
        }
        return nanoTime.getAsLong() - d.backoffUntilNanos < 0;
    }

    /** A destination with nothing in flight, nothing waiting and no back-off running is not kept. */
    private void forget(String key, Destination d) {
        if (d.inFlight == 0 && d.waiting.isEmpty() && !backedOff(d)) {
            byKey.remove(key, d);
        }
    }

    /** What {@link #release} hands back. */
    record Released(Optional<Subscription> wake, List<Subscription> drop) {
        static final Released NONE = new Released(Optional.empty(), List.of());
    }
}
