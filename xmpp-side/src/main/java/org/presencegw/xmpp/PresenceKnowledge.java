package org.presencegw.xmpp;

/**
 * How much an account knows about a contact's presence at one moment: the difference between "offline" and "not
 * known", which a SIP watcher must see (RFC 8048 5.3.2: an empty NOTIFY, never a made-up {@code closed}).
 */
public enum PresenceKnowledge {
    /** The account is not logged in: nothing is known about any contact. */
    LINK_DOWN,
    /**
     * Logged in, but this contact's presence is not known: our own presence is unavailable, so the server delivers
     * none (RFC 6121 4.2, 4.6), or no presence of the contact arrived since reception (re)started (the server's
     * probe answer is still on its way, RFC 6121 4.3).
     */
    UNKNOWN,
    /** The resources are the contact's real presence; none means offline. */
    KNOWN
}
