package org.presencegw.gateway.store;

import java.util.Objects;

/**
 * One thing the XMPP side must remember across restarts about a contact of an account, e.g. that a presence
 * subscription request was already sent (RFC 6121 3.1.1), or that the contact denied one (RFC 6121 3.1.4), so the
 * gateway neither asks again after every restart nor forgets a refusal. Key: {@code account}, {@code contact} and
 * {@code kind}; the store keeps at most one row per key.
 *
 * @param account the gateway's account (bare JID text)
 * @param contact the contact (bare JID text)
 * @param kind    what is remembered, e.g. {@code REQUESTED} or {@code DENIED} (owned by the XMPP side)
 * @param at      epoch milliseconds when it happened
 */
public record XmppMemoryRow(String account, String contact, String kind, long at) {
    public XmppMemoryRow {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(kind, "kind");
    }
}
