package org.presencegw.gateway.config;

import java.util.Objects;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.xmpp.XmppCredentials;

/** One entry of {@code accounts:}: a SIP address of record and the Jabber account it uses. */
public record AccountMapping(SipAddress sip, XmppCredentials xmpp) {
    public AccountMapping {
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(xmpp, "xmpp");
    }
}
