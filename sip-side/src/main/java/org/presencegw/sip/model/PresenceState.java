package org.presencegw.sip.model;

import java.util.List;
import java.util.Objects;

/**
 * What a presence source can say about a presentity as seen by a watcher, at one moment.
 * sip-side turns each state into the Subscription-State and body of a NOTIFY.
 */
public sealed interface PresenceState {

    /** Authorization is not settled yet: {@code Subscription-State: pending}, no real state (RFC 3856 6.6.2). */
    record Pending() implements PresenceState {
    }

    /**
     * Authorized, but the source cannot tell the state now (e.g. the XMPP account is disconnected):
     * active NOTIFY with no body, never a made-up "closed" (RFC 8048 section 5.3.2).
     */
    record Unknown() implements PresenceState {
    }

    /** Authorized, and this is the full current state. */
    record Known(PresenceDocument document) implements PresenceState {
        public Known {
            Objects.requireNonNull(document, "document");
        }
    }

    /**
     * Authorized, and the full current state of a resource list (RFC 4662): every member, in list order, each with
     * its own state. The subscription is active; its NOTIFYs carry {@code multipart/related} bodies with an RLMI
     * document and one part per member, rendered by the subscription's event package.
     */
    record ResourceList(List<ListMember> members) implements PresenceState {
        public ResourceList {
            members = List.copyOf(members);
        }
    }

    /** The source ends every subscription on this view, e.g. authorization denied (RFC 6665 4.1.3 reasons). */
    record Terminated(TerminationReason reason) implements PresenceState {
        public Terminated {
            Objects.requireNonNull(reason, "reason");
        }
    }

    PresenceState PENDING = new Pending();
    PresenceState UNKNOWN = new Unknown();
}
