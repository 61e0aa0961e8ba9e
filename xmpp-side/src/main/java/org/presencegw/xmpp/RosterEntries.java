package org.presencegw.xmpp;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterGroup;
import org.jivesoftware.smack.roster.packet.RosterPacket;

/** Reads Smack roster entries as {@link RosterItem}s (RFC 6121 2.1.2.5, Appendix A). */
final class RosterEntries {
    private RosterEntries() {
    }

    /** Empty for an item being removed. */
    static Optional<RosterItem> item(RosterEntry entry) {
        Set<String> groups = entry.getGroups().stream().map(RosterGroup::getName).collect(Collectors.toSet());
        return subscription(entry.getType()).map(s -> new RosterItem(s, entry.isSubscriptionPending(), groups));
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
