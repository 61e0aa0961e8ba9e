package org.presencegw.xmpp;

import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * Events of one gateway account, in XMPP terms. Called on Smack or session threads, ordered per contact; an
 * implementation must not block (hand slow work to an executor).
 */
public interface XmppAccountListener {

    /** The contact's presence or roster relation changed; {@code presence} is the full new state. */
    void contactChanged(EntityBareJid account, ContactPresence presence);

    /**
     * The contact answered our subscription request ({@code subscribed} / {@code unsubscribed}), or revoked an
     * existing subscription ({@code unsubscribed} at any time).
     */
    void subscriptionAnswered(EntityBareJid account, BareJid contact, boolean approved);

    /** The contact was removed from the roster (roster push with subscription='remove'). */
    void contactRemoved(EntityBareJid account, BareJid contact);

    /**
     * The account is now online (logged in, roster loaded; the own presence set by
     * {@link XmppAccount#setOwnPresence} is sent right after this call) or offline (connection lost, logging in).
     * While offline, no contact state is known.
     */
    void connectionChanged(EntityBareJid account, boolean online);

    /**
     * {@link XmppAccount#receivesPresence()} changed. After {@code true}, contact states arrive one by one as the
     * server answers its probes; after {@code false}, every contact's presence is unknown (not offline).
     */
    default void presenceReceptionChanged(EntityBareJid account, boolean receiving) {
    }
}
