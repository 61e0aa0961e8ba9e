package org.presencegw.sip.subscription;

/** States of one presence subscription (RFC 6665 section 4.1.3 Subscription-State values, plus NEW). */
public enum SubscriptionState {
    /** Created, no SUBSCRIBE accepted yet. */
    NEW,
    /** Authorisation pending: {@code Subscription-State: pending}, no real state (RFC 3856 section 6.6.2). */
    PENDING,
    /** Authorised: {@code Subscription-State: active}. */
    ACTIVE,
    /** Ended; the final NOTIFY carries {@code terminated;reason=...}. No way out. */
    TERMINATED
}
