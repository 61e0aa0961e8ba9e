package org.presencegw.gateway.jabber;

import org.presencegw.sip.api.SipAddress;
import org.presencegw.xmpp.XmppAccount;

/**
 * Decides what a mapped account's gateway resource announces. The gateway must never make a user look online just
 * because it runs (docs/DESIGN.md): the resource mirrors the SIP user (watching, and later registered or published).
 */
@FunctionalInterface
public interface OwnPresencePolicy {

    /** The SIP user started (first subscription) or stopped (last subscription ended) watching. */
    void watchingChanged(SipAddress sipUser, XmppAccount account, boolean watching);
}
