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
     * The contact answered our subscription request, or the subscription ended. Approved: {@code subscribed}, or a
     * roster push that clears {@code ask} and shows {@code to}/{@code both}. Not approved: {@code unsubscribed} (a
     * denial, or the revocation of a granted subscription, RFC 6121 3.2), a roster push that clears {@code ask}
     * without granting, or one that takes {@code to}/{@code both} away (the user's own client unsubscribed, RFC
     * 6121 3.3). The roster push counts because ejabberd 23.01 delivers no answer stanza to a session that has sent
     * no initial presence (docs/notes/ejabberd.md). May come twice for one answer (stanza and push); a refusal is
     * remembered ({@link ContactPresence#refusal()}).
     */
    void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved);

    /**
     * The contact was removed from the roster (roster push with subscription='remove', RFC 6121 2.5), by the user's
     * own client or an admin; remembered like a refusal.
     */
    void contactRemoved(EntityBareJid account, BareJid contact);

    /**
     * A {@code <presence type='error'/>} came from the contact (RFC 6120 8.3), e.g. for our subscription request to
     * a domain that cannot be reached. The contact's state does not change; the next request to it goes out again.
     */
    default void presenceError(EntityBareJid account, BareJid contact, PresenceError error) {
    }

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
     * answers its probes, and a {@code to}/{@code both} contact still silent after the grace period
     * ({@link XmppPolicy#presenceGrace()}) becomes known offline.
     */
    default void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
    }
}
