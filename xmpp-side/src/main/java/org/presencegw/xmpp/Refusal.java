package org.presencegw.xmpp;

import java.time.Instant;
import java.util.Objects;

/**
 * A subscription to a contact that was refused, revoked or dropped, remembered so that no new request goes to the
 * contact in the user's name before {@code until} (RFC 6121 3.1.4: after a denial only the user decides to ask
 * again).
 *
 * @param kind  who ended it
 * @param at    when the gateway learnt it
 * @param until the end of the quiet period
 */
public record Refusal(SubscriptionMemory.Kind kind, Instant at, Instant until) {
    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(until, "until");
    }
}
