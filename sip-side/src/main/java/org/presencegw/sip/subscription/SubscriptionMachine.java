package org.presencegw.sip.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one presence subscription, free of any SIP stack: it takes an event and {@code now} and
 * returns the actions the adapter carries out. Not thread-safe: the owner serialises calls per subscription.
 */
public final class SubscriptionMachine {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionMachine.class);

    private final String callId;
    private SubscriptionState state = SubscriptionState.NEW;
    /** When the subscription runs out, epoch milliseconds (a number, not an {@link Instant}: 24 bytes less each). */
    private long expiresAt;
    private PresenceState content = PresenceState.UNKNOWN;

    public SubscriptionMachine(String callId) {
        this.callId = Objects.requireNonNull(callId, "callId");
    }

    /**
     * A machine taken up again after a restart, in {@code state} (pending or active) until {@code expiresAt}. Its
     * content is unknown until the source says otherwise, so nothing is notified before it does.
     */
    public static SubscriptionMachine restored(String callId, SubscriptionState state, Instant expiresAt) {
        if (state != SubscriptionState.PENDING && state != SubscriptionState.ACTIVE) {
            throw new IllegalArgumentException("a stored subscription is pending or active, not " + state);
        }
        SubscriptionMachine m = new SubscriptionMachine(callId);
        m.state = state;
        m.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").toEpochMilli();
        return m;
    }

    public SubscriptionState state() {
        return state;
    }

    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAt);
    }

    /** Applies one event; an event that does not apply in the current state yields no action. */
    public List<SubscriptionAction> handle(SubscriptionEvent event, Instant now) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        List<SubscriptionAction> actions = new ArrayList<>(4);
        if (state == SubscriptionState.TERMINATED) {
            return actions;
        }
        if (event instanceof SubscriptionEvent.Accepted a) {
            handleAccepted(a, now, actions);
        } else if (event instanceof SubscriptionEvent.Refreshed r) {
            handleRefreshed(r, now, actions);
        } else if (event instanceof SubscriptionEvent.SourceChanged c) {
            handleSourceChanged(c.state(), actions);
        } else if (event instanceof SubscriptionEvent.Expired) {
            terminate(TerminationReason.TIMEOUT, true, "expired", actions);
        } else if (event instanceof SubscriptionEvent.NotifyFailed f) {
            transition(SubscriptionState.TERMINATED, "notify failed: " + f.cause());
            actions.add(new SubscriptionAction.Release());
        } else if (event instanceof SubscriptionEvent.Abandoned a) {
            transition(SubscriptionState.TERMINATED, "abandoned: " + a.cause());
            actions.add(new SubscriptionAction.Release());
        } else if (event instanceof SubscriptionEvent.Shutdown) {
            terminate(TerminationReason.DEACTIVATED, false, "shutdown", actions);
        }
        return actions;
    }

    private void handleAccepted(SubscriptionEvent.Accepted a, Instant now, List<SubscriptionAction> actions) {
        if (state != SubscriptionState.NEW) {
            throw new IllegalStateException("[" + callId + "] accepted twice");
        }
        content = a.current();
        expiresAt = now.plusSeconds(a.expires()).toEpochMilli();
        actions.add(new SubscriptionAction.RespondOk(a.expires()));
        if (a.expires() == 0) {
            // RFC 6665 4.4.3: a fetch gets one NOTIFY with the current state, then ends.
            terminate(TerminationReason.TIMEOUT, true, "fetch", actions);
            return;
        }
        if (content instanceof PresenceState.Terminated t) {
            terminate(t.reason(), false, "source refused", actions);
            return;
        }
        transition(stateFor(content), "subscribe accepted for " + a.expires() + " s");
        actions.add(notifyNow());
        actions.add(new SubscriptionAction.ScheduleExpiry(expiresAt()));
    }

    /** RFC 6665 4.2.1.2: every accepted refresh is followed by a NOTIFY with the current state. */
    private void handleRefreshed(SubscriptionEvent.Refreshed r, Instant now, List<SubscriptionAction> actions) {
        if (state == SubscriptionState.NEW) {
            throw new IllegalStateException("[" + callId + "] refresh before accept");
        }
        expiresAt = now.plusSeconds(r.expires()).toEpochMilli();
        actions.add(new SubscriptionAction.RespondOk(r.expires()));
        if (r.expires() == 0) {
            // RFC 6665 4.1.2.3 / RFC 8048 5.3.3: unsubscribe gets a final NOTIFY, state may be included.
            terminate(TerminationReason.TIMEOUT, true, "unsubscribed", actions);
            return;
        }
        transition(state, "refreshed for " + r.expires() + " s");
        actions.add(notifyNow());
        actions.add(new SubscriptionAction.ScheduleExpiry(expiresAt()));
    }

    private void handleSourceChanged(PresenceState next, List<SubscriptionAction> actions) {
        if (state == SubscriptionState.NEW) {
            content = next;
            return;
        }
        if (next instanceof PresenceState.Terminated t) {
            terminate(t.reason(), false, "source terminated", actions);
            return;
        }
        boolean stillPending = state == SubscriptionState.PENDING && next instanceof PresenceState.Pending;
        content = next;
        if (stillPending) {
            return;
        }
        transition(stateFor(next), "source published " + next.getClass().getSimpleName());
        actions.add(notifyNow());
    }

    private void terminate(TerminationReason reason, boolean withState, String cause,
                           List<SubscriptionAction> actions) {
        transition(SubscriptionState.TERMINATED, cause + " (reason=" + reason.wire() + ")");
        PresenceState body = withState && (content instanceof PresenceState.Known
                || content instanceof PresenceState.ResourceList) ? content : PresenceState.UNKNOWN;
        actions.add(new SubscriptionAction.SendNotify(SubscriptionState.TERMINATED, expiresAt(),
                Optional.of(reason), body));
        actions.add(new SubscriptionAction.Release());
    }

    private SubscriptionAction notifyNow() {
        PresenceState body = state == SubscriptionState.ACTIVE ? content : PresenceState.PENDING;
        return new SubscriptionAction.SendNotify(state, expiresAt(), Optional.empty(), body);
    }

    private static SubscriptionState stateFor(PresenceState s) {
        return s instanceof PresenceState.Pending ? SubscriptionState.PENDING : SubscriptionState.ACTIVE;
    }

    /** The only place the state changes; logs {@code [callId] FROM -> TO cause}. */
    private void transition(SubscriptionState next, String cause) {
        SubscriptionState previous = state;
        state = next;
        LOG.debug("[{}] {} -> {} {}", callId, previous, next, cause);
    }
}
