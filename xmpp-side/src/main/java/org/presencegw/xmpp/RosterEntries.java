package org.presencegw.xmpp;

import java.util.Optional;
import java.util.Set;
import org.jivesoftware.smack.roster.packet.RosterPacket;

/** Reads the roster items Smack parsed as {@link RosterItem}s (RFC 6121 2.1.2.5, Appendix A). */
final class RosterEntries {
    private RosterEntries() {
    }

    /** Empty for an item being removed. */
    static Optional<RosterItem> item(RosterPacket.Item item) {
        Set<String> groups = Set.copyOf(item.getGroupNames());
        return subscription(item.getItemType()).map(s -> new RosterItem(s, item.isSubscriptionPending(), groups));
    }

    static Optional<RosterSubscription> subscription(RosterPacket.ItemType type) {
        if (type == null) {
            return Optional.of(RosterSubscription.NONE);
        }
        return switch (type) {
            case none -> Optional.of(RosterSubscription.NONE);
            case to -> Optional.of(RosterSubscription.TO);
            case from -> Optional.of(RosterSubscription.FROM);
            case both -> Optional.of(RosterSubscription.BOTH);
            case remove -> Optional.empty();
        };
    }
}
