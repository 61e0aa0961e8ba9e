package org.presencegw.sip.publish;

import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.PresenceDocument;

/**
 * The effective published state of a presentity changed; watchers get a NOTIFY with the new full state
 * (RFC 3856 section 6.7, CONFORMANCE PUB-08/PUB-11). {@code state} is empty when no publication is left.
 */
public record PublicationChange(SipAddress resource, Optional<PresenceDocument> state) {

    public PublicationChange {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(state, "state");
    }
}
