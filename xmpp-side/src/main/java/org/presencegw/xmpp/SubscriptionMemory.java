package org.presencegw.xmpp;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;

/**
 * What the XMPP side remembers about subscriptions across sessions (and, once backed by the durable store, across
 * restarts): that a contact denied or revoked one account's subscription, or that the user's own client dropped it.
 * While an entry is younger than the quiet period ({@link XmppPolicy#resubscribeQuietPeriod()}) the account sends
 * that contact no new subscription request in the user's name, and a SIP watch of it is refused.
 *
 * <p>One entry per account and contact: {@link #remember} replaces it. Implementations are thread-safe, bounded,
 * and never block (a durable implementation writes behind). {@link InMemorySubscriptionMemory} is the one this
 * module ships; its {@link InMemorySubscriptionMemory.Journal} is where a durable store plugs in.
 */
public interface SubscriptionMemory {

    /** Who ended the subscription. The names are stored as text (the store's {@code kind} column). */
    enum Kind {
        /** The contact answered our request with {@code unsubscribed}, or revoked a granted subscription. */
        DENIED,
        /**
         * The roster lost the subscription without a word from the contact: the user's own client (or an admin)
         * removed the item or unsubscribed.
         */
        DROPPED
    }

    /**
     * One remembered fact.
     *
     * @param account the gateway's account
     * @param contact the contact
     * @param kind    what happened
     * @param at      when the gateway learnt it
     */
    record Entry(EntityBareJid account, BareJid contact, Kind kind, Instant at) {
        public Entry {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(contact, "contact");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The entry for the pair if one is remembered and its quiet period has not ended at {@code now}. */
    Optional<Entry> recall(EntityBareJid account, BareJid contact, Instant now);

    /** Remembers the entry, replacing any for the same account and contact. */
    void remember(Entry entry);

    /** Forgets the pair (the contact granted the subscription after all, or the user asked again). */
    void forget(EntityBareJid account, BareJid contact);
}
