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

    /**
     * Whether the account currently receives its contacts' presence: online <em>and</em> its own presence is
     * available. The server delivers no contact presence to an unavailable resource (RFC 6121 4.2, 4.6), so while
     * this is false an empty resource list in {@link #contact} means "not known", never "offline". When it turns
     * true the server probes the contacts (RFC 6121 4.3) and each answer arrives as a
     * {@link XmppAccountListener#contactChanged}; see {@link #isPresenceKnown}. Changes are reported through
     * {@link XmppAccountListener#presenceReceptionChanged}.
     */
    boolean receivesPresence();

    /**
     * True when the contact's presence is known: {@link #receivesPresence()} and an available or unavailable presence
     * of this contact arrived since reception (re)started. Only then does an empty resource list mean offline.
     */
    boolean isPresenceKnown(BareJid contact);

    /**
     * Current state of a contact, never null, and free of side effects: the last known roster relation
     * (NOT_IN_ROSTER if none), whether its presence is known ({@link PresenceKnowledge}: LINK_DOWN while offline)
     * and the available resources, which are empty unless known. The same value {@link XmppAccountListener}
     * pushes on every change.
     */
    ContactPresence contact(BareJid contact);

    /**
     * Every item of the roster as {@link #contact} gives it (with its roster groups), in no particular order; free
     * of side effects. Empty before the first roster arrived. Changes are pushed as
     * {@link XmppAccountListener#contactChanged} (a roster push that changes an item's groups, too) and
     * {@link XmppAccountListener#contactRemoved}.
     */
    java.util.List<ContactPresence> roster();

    /**
     * Asks the contact for a presence subscription ({@code type='subscribe'}) unless one is already granted or
     * pending, or was refused within the quiet period ({@link ContactPresence#refusal()}). Sent once the account is
     * online and receiving (its own presence available: ejabberd delivers the answer only then); until then it
     * waits. The answer arrives through {@link XmppAccountListener#subscriptionAnswered}.
     */
    void requestSubscription(BareJid contact);

    /**
     * Sets what the gateway resource announces (always priority -1), and receives contact presence exactly while
     * that is available: {@code setOwnPresence(presence, presence.available())}. Note that while unavailable the
     * server delivers no contact presence (RFC 6121 4.2), see {@link #receivesPresence()}.
     */
    default void setOwnPresence(OwnPresence presence) {
        setOwnPresence(presence, presence.available());
    }

    /**
     * Sets what the gateway resource announces to the contacts (always priority -1) and whether the account must
     * receive their presence meanwhile. Re-sent after every reconnect. With {@code receive} and an unavailable
     * presence the resource is <em>hidden</em>: available to the server, so that contact presence keeps coming (RFC
     * 6121 4.2), and unavailable to the contacts through directed presence (RFC 6121 4.6); see
     * {@code OwnPresenceControl} for the one limit. The initial value is {@link OwnPresence#UNAVAILABLE}, not
     * receiving: after login nothing is sent until this is called, so a user never looks online just because the
     * gateway runs.
     */
    void setOwnPresence(OwnPresence presence, boolean receive);

    /** The link as operators see it; by default only online or offline. */
    default LinkState linkState() {
        return isOnline() ? LinkState.ONLINE : LinkState.OFFLINE;
    }

    /** Items in the roster as last loaded (0 before the first login). */
    default int rosterSize() {
        return 0;
    }

    /** Drops the connection and logs in again now (an operator's request); never blocks. */
    default void reconnect() {
    }

    /** Sends unavailable, logs out and stops reconnecting. Idempotent. */
    @Override
    void close();
}
