package org.presencegw.sip.subscription;

import java.util.Objects;
import org.presencegw.sip.model.PresenceState;

/** What can happen to a subscription; fed to {@link SubscriptionMachine#handle}. */
public sealed interface SubscriptionEvent {

    /** An out-of-dialog SUBSCRIBE was accepted by the source; {@code expires} 0 is a fetch (RFC 6665 4.4.3). */
    record Accepted(PresenceState current, int expires) implements SubscriptionEvent {
        public Accepted {
            Objects.requireNonNull(current, "current");
        }
    }

    /** An in-dialog SUBSCRIBE with an already granted expiry; 0 unsubscribes (RFC 6665 4.1.2.3). */
    record Refreshed(int expires) implements SubscriptionEvent {
    }

    /** The source published new full state for the subscription's view. */
    record SourceChanged(PresenceState state) implements SubscriptionEvent {
        public SourceChanged {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The expiry timer fired without a refresh (RFC 6665 4.2.1.4). */
    record Expired() implements SubscriptionEvent {
    }

    /** A NOTIFY failed in a way that ends the subscription (RFC 6665 4.2.2). */
    record NotifyFailed(String cause) implements SubscriptionEvent {
        public NotifyFailed {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** The subscription cannot be kept, e.g. the store could not record it: it ends without a NOTIFY. */
    record Abandoned(String cause) implements SubscriptionEvent {
        public Abandoned {
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** The server is shutting down. */
    record Shutdown() implements SubscriptionEvent {
    }
}
