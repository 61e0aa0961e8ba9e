package org.presencegw.sip.store;

import java.util.Objects;

/**
 * Identifies a subscription dialog on our side: Call-ID and our tag. {@link #equals} and {@link #hashCode} are
 * written out, as {@link org.presencegw.sip.api.ViewKey}'s are: it keys the dialog map, the store's id table and
 * the memory of ended subscriptions, looked up several times per SUBSCRIBE.
 */
public record SubscriptionKey(String callId, String localTag) {
    public SubscriptionKey {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SubscriptionKey other && callId.equals(other.callId)
                && localTag.equals(other.localTag));
    }

    @Override
    public int hashCode() {
        return 31 * callId.hashCode() + localTag.hashCode();
    }
}
