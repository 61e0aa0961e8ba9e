package org.presencegw.sip.server;

import java.util.Optional;
import javax.sip.ClientTransaction;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.subscription.SubscriptionAction;
import org.presencegw.sip.subscription.SubscriptionMachine;

/**
 * One live subscription: its dialog record, its state machine and its NOTIFY lane. All mutable fields are
 * guarded by this object's monitor; {@link PresenceAgent} holds it for every step.
 */
final class Subscription {

    /** A NOTIFY waiting for the one in flight to finish; only the latest is kept (coalescing). */
    record QueuedNotify(SubscriptionAction.SendNotify message, Optional<byte[]> body) {
    }

    final ViewKey view;
    final SipAddress watcher;
    final SipAddress presentity;
    final PresenceSource source;
    final SubscriptionMachine machine;
    DialogRecord dialog;
    /** When the subscription runs out (epoch millis), 0 when it does not; read by the expiry sweep unlocked. */
    volatile long expiresAtMillis;
    ClientTransaction inFlight;
    QueuedNotify queued;
    long seq;
    boolean released;
    boolean finished;

    Subscription(DialogRecord dialog, ViewKey view, SipAddress watcher, SipAddress presentity,
                 PresenceSource source, long seq) {
        this.dialog = dialog;
        this.view = view;
        this.watcher = watcher;
        this.presentity = presentity;
        this.source = source;
        this.seq = seq;
        this.machine = new SubscriptionMachine(dialog.callId());
    }

    DialogId id() {
        return new DialogId(dialog.callId(), dialog.localTag());
    }

    /** Identifies a dialog on our side: Call-ID and our tag. */
    record DialogId(String callId, String localTag) {
    }
}
