package org.presencegw.xmpp;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * One Jabber account the gateway is logged into: roster, per-resource contact presence, subscription requests,
 * and the gateway resource's own presence. Thread-safe; no method blocks on the network.
 */
public interface XmppAccount extends AutoCloseable {

    EntityBareJid jid();

    /** Logged in, roster loaded. While false, {@link #contact} state is not known. */
    boolean isOnline();

    /** Current state of a contact, never null (NOT_IN_ROSTER and no resources when unknown). */
    ContactPresence contact(BareJid contact);

    /**
     * Asks the contact for a presence subscription ({@code type='subscribe'}) unless one is already granted or
     * pending. Sent when online; if offline, sent after the next login. The answer arrives through
     * {@link XmppAccountListener#subscriptionAnswered}.
     */
    void requestSubscription(BareJid contact);

    /**
     * Sets what the gateway resource announces (always priority -1). Re-sent after every reconnect. Note that
     * while unavailable the server delivers no contact presence (RFC 6121 4.2).
     */
    void setOwnPresence(OwnPresence presence);

    /** Sends unavailable, logs out and stops reconnecting. Idempotent. */
    @Override
    void close();
}
