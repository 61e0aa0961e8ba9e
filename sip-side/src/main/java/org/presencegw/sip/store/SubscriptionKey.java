package org.presencegw.sip.store;

import java.util.Objects;

/** Identifies a subscription dialog on our side: Call-ID and our tag. */
public record SubscriptionKey(String callId, String localTag) {
    public SubscriptionKey {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
    }
}
