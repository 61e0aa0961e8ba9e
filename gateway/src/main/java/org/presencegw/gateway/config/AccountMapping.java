package org.presencegw.gateway.config;

import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.xmpp.XmppCredentials;

/**
 * One entry of {@code accounts:}: a SIP address of record, the Jabber account it uses, and the optional SIP digest
 * password the user must authenticate with (REGISTER, PUBLISH and SUBSCRIBE). {@link #toString()} hides secrets.
 */
public record AccountMapping(SipAddress sip, XmppCredentials xmpp, Optional<String> sipPassword) {
    public AccountMapping {
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(xmpp, "xmpp");
        Objects.requireNonNull(sipPassword, "sipPassword");
    }

    /** A mapping whose SIP user needs no authentication. */
    public AccountMapping(SipAddress sip, XmppCredentials xmpp) {
        this(sip, xmpp, Optional.empty());
    }

    @Override
    public String toString() {
        return "AccountMapping[" + sip + " -> " + xmpp.jid() + (sipPassword.isPresent() ? ", digest" : "") + "]";
    }
}
