package org.presencegw.xmpp;

import java.util.Objects;

/**
 * One roster item as the account's server last pushed it (RFC 6121 2.1.2).
 *
 * @param subscription the 'subscription' attribute
 * @param pending      true while the item carries {@code ask='subscribe'} (our request is unanswered)
 */
record RosterItem(RosterSubscription subscription, boolean pending) {
    static final RosterItem ABSENT = new RosterItem(RosterSubscription.NOT_IN_ROSTER, false);

    RosterItem {
        Objects.requireNonNull(subscription, "subscription");
    }
}
