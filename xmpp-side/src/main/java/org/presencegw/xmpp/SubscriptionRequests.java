package org.presencegw.xmpp;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jxmpp.jid.BareJid;

/**
 * One account's outgoing presence subscription requests (RFC 6121 3.1.1): asked for by the gateway at any time,
 * sent when the account is online, at most once per contact per session, and never when the roster already shows
 * the subscription granted ({@code to}/{@code both}) or pending ({@code ask}). Not thread-safe: confined to the
 * account's lane.
 */
final class SubscriptionRequests {

    /** Sends one request; false when it could not go out now (not connected), so it stays queued. */
    @FunctionalInterface
    interface Sender {
        boolean send(BareJid contact);
    }

    private final Set<BareJid> sent = new HashSet<>();
    private final Set<BareJid> queued = new LinkedHashSet<>();

    void queue(BareJid contact) {
        queued.add(contact);
    }

    /** The contact answered (subscribed or unsubscribed): a later watch may ask again. */
    void answered(BareJid contact) {
        sent.remove(contact);
    }

    /** A new session (login): the roster now tells what is pending, so what this one sent is forgotten. */
    void newSession() {
        sent.clear();
    }

    /** Sends every queued request the roster does not make needless; those that cannot go out now stay queued. */
    void flush(ContactTracker roster, Sender sender) {
        for (BareJid contact : Set.copyOf(queued)) {
            queued.remove(contact);
            RosterItem item = roster.rosterItem(contact);
            if (item.subscription().seesContact() || item.pending() || sent.contains(contact)) {
                continue;
            }
            if (sender.send(contact)) {
                sent.add(contact);
            } else {
                queued.add(contact);
            }
        }
    }
}
