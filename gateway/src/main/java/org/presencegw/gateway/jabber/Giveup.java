package org.presencegw.gateway.jabber;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;

/**
 * Ends a view that stayed {@code pending} too long: our subscription request was neither approved nor denied within
 * {@code after} (the config's {@code xmpp.subscription_giveup}), so its watchers get {@code terminated;reason=giveup}
 * (RFC 6665 4.1.3: authorization was not obtained in a timely fashion; CONFORMANCE AZ-09). The XMPP request itself
 * stays with the contact, who may still answer; a later SUBSCRIBE is served by what the roster then says. A zero
 * duration keeps views pending until their subscriptions expire. Timers run on the gateway scheduler and take the
 * owner's monitor.
 */
final class Giveup {
    static final Giveup NEVER = new Giveup(null, Duration.ZERO);

    private final ScheduledExecutorService timers;
    private final Duration after;

    Giveup(ScheduledExecutorService timers, Duration after) {
        this.timers = timers;
        this.after = after;
    }

    /** Starts the view's timer if it is pending and has none; stops it if it is not pending. Under the owner lock. */
    void track(AccountViews owner, ContactView view, PresenceSink sink) {
        boolean pending = view.state instanceof PresenceState.Pending;
        if (!pending) {
            cancel(view);
            return;
        }
        if (view.giveup != null || after.isZero() || timers == null) {
            return;
        }
        try {
            view.giveup = timers.schedule(() -> fire(owner, view, sink), after.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the subscriptions end anyway
        }
    }

    /** Under the owner lock. */
    void cancel(ContactView view) {
        if (view.giveup != null) {
            view.giveup.cancel(false);
            view.giveup = null;
        }
    }

    private static void fire(AccountViews owner, ContactView view, PresenceSink sink) {
        synchronized (owner) {
            view.giveup = null;
            if (view.watchers > 0 && view.state instanceof PresenceState.Pending) {
                view.state = new PresenceState.Terminated(TerminationReason.GIVEUP);
                sink.publish(view.key, view.state);
            }
        }
    }
}
