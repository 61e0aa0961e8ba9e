package org.presencegw.xmpp;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * Events of one gateway account, in XMPP terms, each carrying the full typed value it is about, so that a listener
 * never has to ask the account back. Called on the account's lane (one thread at a time per account, in order);
 * an implementation must not block (hand slow work to an executor).
 */
public interface XmppAccountListener {

    /** The contact's presence, roster relation or {@link PresenceKnowledge} changed; {@code presence} is all of it. */
    void contactChanged(EntityBareJid account, ContactPresence presence);

    /**
     * The contact answered our subscription request ({@code subscribed} / {@code unsubscribed}), or revoked an
     * existing subscription ({@code unsubscribed} at any time).
     */
    void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved);

    /** The contact was removed from the roster (roster push with subscription='remove'). */
    void contactRemoved(EntityBareJid account, BareJid contact);

    /**
     * The account is now online (logged in, roster loaded; every contact's presence is {@link
     * PresenceKnowledge#UNKNOWN} until it arrives, and the own presence set by {@link XmppAccount#setOwnPresence} is
     * sent right after this call) or offline (connection lost, logging in: every contact is {@link
     * PresenceKnowledge#LINK_DOWN}). Roster items that changed while offline follow as {@link #contactChanged}.
     */
    void connectionChanged(EntityBareJid account, boolean online);

    /**
     * Whether the account receives its contacts' presence changed (its own presence became available or
     * unavailable, RFC 6121 4.2). Either way every contact's presence is {@link PresenceKnowledge#UNKNOWN} now;
     * after {@code true} the contacts become known one by one, through {@link #contactChanged}, as the server
     * answers its probes.
     */
    default void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
    }
}
