package org.presencegw.sip.subscription;

import java.util.Optional;

/**
 * The NOTIFY lane of one subscription (RFC 6665 4.2.2 with RFC 3265 3.1.6.2's advice): at most one NOTIFY
 * transaction in flight, and while one is, only the newest waiting NOTIFY is kept (coalescing: the latest state
 * wins). Also remembers whether the subscription was released, so that the flow entry goes once the lane is idle.
 *
 * <p>Pacing (RFC 3856 6.10, {@link NotifyPacer}): the lane remembers when its last NOTIFY went out; a NOTIFY caused by
 * a state change ({@link Pending#paced}) may wait here, with nothing in flight, until one interval has passed since.
 * A NOTIFY that answers a SUBSCRIBE (RFC 6665 4.2.1: sent at once) or ends the subscription is never paced, and
 * takes the place of a waiting paced one (it carries the same or a newer state).
 *
 * <p>Not thread-safe by itself: guarded by the monitor of the {@link Subscription} that owns it.
 */
final class NotifyLane {

    /**
     * A NOTIFY waiting for the one in flight to finish (or, when {@code paced}, for its pacing window to end); the
     * body is rendered when it is sent.
     */
    record Pending(SubscriptionAction.SendNotify message, Bodies bodies, boolean paced) {
        /** A NOTIFY that is not paced: it answers a SUBSCRIBE or ends the subscription. */
        Pending(SubscriptionAction.SendNotify message, Bodies bodies) {
            this(message, bodies, false);
        }
    }

    /** Before any NOTIFY: far enough in the past that the first one is never paced. */
    private static final long NEVER = Long.MIN_VALUE / 2;

    /** The NOTIFY in flight: the RI's client transaction, or a {@link UdpNotifyClient.Tx}. */
    private Object inFlight;
    private boolean gated;
    private Pending waiting;
    private boolean released;
    private boolean finished;
    private long lastSentMillis = NEVER;
    private String lastAnswer = "";
    private boolean onWheel;

    /** A NOTIFY is in flight, or the lane is gated: a new NOTIFY must wait. */
    boolean busy() {
        return inFlight != null || gated;
    }

    boolean gated() {
        return gated;
    }

    /** Holds every NOTIFY until {@link #ungate}: the subscription's 2xx waits for the store (no NOTIFY before it). */
    void gate() {
        gated = true;
    }

    /** Ends the gate; returns the NOTIFY that waited meanwhile (the newest), now removed from the lane. */
    Optional<Pending> ungate() {
        gated = false;
        return takeWaiting();
    }

    /**
     * Keeps {@code next} for when the NOTIFY in flight is answered (or its window ends), replacing any older waiting
     * one; it stays unpaced if either was (a SUBSCRIBE's NOTIFY is not delayed by a change that came after it).
     */
    void hold(Pending next) {
        boolean paced = next.paced() && (waiting == null || waiting.paced());
        waiting = paced == next.paced() ? next : new Pending(next.message(), next.bodies(), false);
    }

    void sent(Object transaction, long nowMillis) {
        inFlight = transaction;
        lastSentMillis = nowMillis;
        lastAnswer = "pending";
    }

    /** How the last NOTIFY ended (status code, {@code timeout}, {@code error}); for operators. */
    void answered(String answer) {
        lastAnswer = answer;
    }

    /** When the last NOTIFY went out (epoch millis) and how it ended; empty before the first. */
    Optional<Long> lastSentMillis() {
        return lastSentMillis == NEVER ? Optional.empty() : Optional.of(lastSentMillis);
    }

    String lastAnswer() {
        return lastAnswer;
    }

    /**
     * When {@code next} may go out: at once (0) unless it is paced and the last NOTIFY went out less than
     * {@code intervalMillis} before {@code nowMillis}; then the time its window ends.
     */
    long sendableAt(Pending next, long nowMillis, long intervalMillis) {
        if (!next.paced() || intervalMillis <= 0 || nowMillis - lastSentMillis >= intervalMillis) {
            return 0;
        }
        return lastSentMillis + intervalMillis;
    }

    /** Whether the lane is on the pacing wheel; set when put there, cleared when its turn comes. */
    boolean onWheel() {
        return onWheel;
    }

    void onWheel(boolean on) {
        onWheel = on;
    }

    boolean isInFlight(Object transaction) {
        return inFlight == transaction;
    }

    /** The NOTIFY in flight is over (answered, failed or never sent). */
    void completed() {
        inFlight = null;
    }

    /** The waiting NOTIFY, now removed from the lane. */
    Optional<Pending> takeWaiting() {
        Pending next = waiting;
        waiting = null;
        return Optional.ofNullable(next);
    }

    void dropWaiting() {
        waiting = null;
    }

    /** The subscription ended: a paced NOTIFY still waiting is stale (the last NOTIFY said terminated). */
    void released() {
        released = true;
        if (waiting != null && waiting.paced()) {
            waiting = null;
        }
    }

    /** True once, when the subscription is released and nothing is in flight or waiting any more. */
    boolean finishIfIdle() {
        if (!finished && released && inFlight == null && waiting == null && !gated) {
            finished = true;
            return true;
        }
        return false;
    }
}
