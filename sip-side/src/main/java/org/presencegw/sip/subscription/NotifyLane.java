package org.presencegw.sip.subscription;

import java.util.Optional;
import javax.sip.ClientTransaction;

/**
 * The NOTIFY lane of one subscription (RFC 6665 4.2.2 with RFC 3265 3.1.6.2's advice): at most one NOTIFY
 * transaction in flight, and while one is, only the newest waiting NOTIFY is kept (coalescing: the latest state
 * wins). Also remembers whether the subscription was released, so that the flow entry goes once the lane is idle.
 *
 * <p>Not thread-safe by itself: guarded by the monitor of the {@link Subscription} that owns it.
 */
final class NotifyLane {

    /** A NOTIFY waiting for the one in flight to finish; the body is rendered when it is sent. */
    record Pending(SubscriptionAction.SendNotify message, Bodies bodies) {
    }

    private ClientTransaction inFlight;
    private boolean gated;
    private Pending waiting;
    private boolean released;
    private boolean finished;

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

    /** Keeps {@code next} for when the NOTIFY in flight is answered, replacing any older waiting one. */
    void hold(Pending next) {
        waiting = next;
    }

    void sent(ClientTransaction transaction) {
        inFlight = transaction;
    }

    boolean isInFlight(ClientTransaction transaction) {
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

    void released() {
        released = true;
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
