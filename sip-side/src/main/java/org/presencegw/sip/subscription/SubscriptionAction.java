package org.presencegw.sip.subscription;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;

/** What the JAIN-SIP adapter must do after a {@link SubscriptionMachine} step. */
public sealed interface SubscriptionAction {

    /** Answer the SUBSCRIBE being processed with 200 OK and this Expires (sent before any NOTIFY). */
    record RespondOk(int expires) implements SubscriptionAction {
    }

    /**
     * Send a NOTIFY (RFC 6665 4.2.2). {@code body} is rendered only when it is {@link PresenceState.Known};
     * {@code expiresAt} gives the remaining {@code expires=} for active and pending, and is ignored for terminated.
     */
    record SendNotify(SubscriptionState state, Instant expiresAt, Optional<TerminationReason> reason,
                      PresenceState body) implements SubscriptionAction {
        public SendNotify {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(body, "body");
        }
    }

    /** (Re)arm the one expiry timer of this subscription. */
    record ScheduleExpiry(Instant at) implements SubscriptionAction {
    }

    /** Forget the subscription: cancel its timer, drop it from the indexes and release its view on the source. */
    record Release() implements SubscriptionAction {
    }
}
