package org.presencegw.xmpp;

import java.util.Objects;
import java.util.Set;

/**
 * One roster item as the account's server last pushed it (RFC 6121 2.1.2).
 *
 * @param subscription the 'subscription' attribute
 * @param pending      true while the item carries {@code ask='subscribe'} (our request is unanswered)
 * @param groups       the item's {@code <group/>} names (RFC 6121 2.1.2.2), case-sensitive strings
 */
record RosterItem(RosterSubscription subscription, boolean pending, Set<String> groups) {
    static final RosterItem ABSENT = new RosterItem(RosterSubscription.NOT_IN_ROSTER, false);

    RosterItem {
        Objects.requireNonNull(subscription, "subscription");
        groups = Set.copyOf(groups);
    }

    /** An item in no group. */
    RosterItem(RosterSubscription subscription, boolean pending) {
        this(subscription, pending, Set.of());
    }
}
