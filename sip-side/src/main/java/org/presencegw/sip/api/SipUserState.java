package org.presencegw.sip.api;

import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.model.PresenceDocument;

/**
 * What the SIP side knows of one SIP user itself (not of what it watches): whether it has at least one live
 * registration binding, and the presence it PUBLISHed (the composed state of its live publications), if any.
 * The gateway turns this into the user's XMPP presence (the reverse direction, RFC 8048 6.3).
 */
public record SipUserState(SipAddress aor, boolean registered, Optional<PresenceDocument> published) {
    public SipUserState {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(published, "published");
    }
}
