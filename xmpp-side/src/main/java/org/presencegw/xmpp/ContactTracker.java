package org.presencegw.xmpp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;

/**
 * Roster and per-resource presence of one account's contacts, fed with the stanzas the server actually sent (never
 * Smack's synthetic unavailable bursts, docs/STACK.md §3). No I/O; one writer (the account's lane), any readers.
 *
 * <p>Rules enforced here:
 * <ul>
 * <li>Only presence without a type (available) and {@code type='unavailable'} change a contact's state; probe,
 * error and the subscription types never do (RFC 6121 4.7.1).</li>
 * <li>Presence is tracked per full JID (RFC 6121 4.4, 4.5): unavailable from a full JID removes that resource,
 * unavailable from the bare JID removes them all.</li>
 * <li>Our own bare JID is ignored (the server reflects our own presence, RFC 6121 4.4.2).</li>
 * <li>While we are not receiving presence (offline, or our own presence unavailable: the server then delivers none,
 * RFC 6121 4.2, 4.6) contact state is <em>unknown</em>, not offline. After our next available presence the server
 * probes the contacts (RFC 6121 4.3) and each answer makes that contact known again.</li>
 * <li>The server's answer for an offline contact is only a SHOULD (RFC 6121 4.3.2) and ejabberd 23.01 sends none:
 * a contact we see ({@code to}/{@code both}) that stays silent for the grace period is known offline
 * ({@link #silentContactsOffline}); whatever it sends next replaces that.</li>
 * </ul>
 */
final class ContactTracker {

    /** Roster changes found when a freshly loaded roster replaces the previous one (removed: with the old item). */
    record RosterDiff(List<ContactPresence> changed, Map<BareJid, RosterItem> removed) {
    }

    private final BareJid self;
    private final Function<BareJid, Optional<Refusal>> refusals;
    private final Map<BareJid, RosterItem> roster = new HashMap<>();
    private final Map<BareJid, Map<String, ResourcePresence>> resources = new HashMap<>();
    private final Set<BareJid> known = new HashSet<>();
    private boolean receiving;
    private int epoch;

    ContactTracker(BareJid self) {
        this(self, contact -> Optional.empty());
    }

    /** @param refusals the remembered refusal of a contact, for {@link ContactPresence#refusal()} */
    ContactTracker(BareJid self, Function<BareJid, Optional<Refusal>> refusals) {
        this.self = Objects.requireNonNull(self, "self");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    /** Changes whenever reception starts or stops: a grace timer of an older reception period does nothing. */
    synchronized int epoch() {
        return epoch;
    }

    synchronized boolean isReceiving() {
        return receiving;
    }

    /** Whether an answer about this contact arrived since presence reception (re)started. */
    synchronized boolean isKnown(BareJid contact) {
        return receiving && known.contains(contact);
    }

    synchronized ContactPresence snapshot(BareJid contact) {
        RosterItem item = roster.getOrDefault(contact, RosterItem.ABSENT);
        Map<String, ResourcePresence> available = resources.getOrDefault(contact, Map.of());
        PresenceKnowledge knowledge = receiving && known.contains(contact) ? PresenceKnowledge.KNOWN
                : PresenceKnowledge.UNKNOWN;
        return new ContactPresence(contact, item.subscription(), item.pending(), knowledge,
                List.copyOf(available.values()), refusals.apply(contact), item.groups());
    }

    /** Every roster item's {@link #snapshot} ({@link PresenceKnowledge#LINK_DOWN} unless {@code online}). */
    synchronized List<ContactPresence> rosterSnapshot(boolean online) {
        List<ContactPresence> all = new ArrayList<>(roster.size());
        roster.keySet().forEach(contact -> all.add(online ? snapshot(contact)
                : snapshot(contact).withKnowledge(PresenceKnowledge.LINK_DOWN)));
        return all;
    }

    synchronized int rosterSize() {
        return roster.size();
    }

    synchronized RosterItem rosterItem(BareJid contact) {
        return roster.getOrDefault(contact, RosterItem.ABSENT);
    }

    /** Our available presence went out: presence is received again, every contact is unknown until it answers. */
    synchronized int startReceiving() {
        receiving = true;
        resources.clear();
        known.clear();
        return ++epoch;
    }

    /** Offline or own presence unavailable: every contact's state becomes unknown. */
    synchronized void stopReceiving() {
        receiving = false;
        resources.clear();
        known.clear();
        epoch++;
    }

    /**
     * The grace period of reception period {@code sinceEpoch} is over: every contact we see ({@code to}/{@code
     * both}, RFC 6121 3) that is still unknown counts as offline, or only {@code only} if given.
     *
     * @return the new states, one per contact that changed
     */
    synchronized List<ContactPresence> silentContactsOffline(int sinceEpoch, Optional<BareJid> only) {
        if (!receiving || sinceEpoch != epoch) {
            return List.of();
        }
        List<ContactPresence> changed = new ArrayList<>();
        for (Map.Entry<BareJid, RosterItem> e : roster.entrySet()) {
            BareJid contact = e.getKey();
            if (only.isPresent() && !only.get().equals(contact)) {
                continue;
            }
            if (e.getValue().subscription().seesContact() && known.add(contact)) {
                resources.remove(contact);
                changed.add(snapshot(contact));
            }
        }
        return changed;
    }

    /** Contacts that see our presence ({@code from}/{@code both}): where directed presence must go. */
    synchronized List<BareJid> contactsSeeingUs() {
        List<BareJid> out = new ArrayList<>();
        roster.forEach((contact, item) -> {
            if (item.subscription() == RosterSubscription.FROM || item.subscription() == RosterSubscription.BOTH) {
                out.add(contact);
            }
        });
        return out;
    }

    /** Whether the contact has the resource available now. */
    synchronized boolean hasResource(BareJid contact, String resource) {
        return resources.getOrDefault(contact, Map.of()).containsKey(resource);
    }

    /**
     * Applies one inbound presence stanza.
     *
     * @return the contact's new full state, when the stanza told us something about it
     */
    synchronized Optional<ContactPresence> onPresence(Presence presence, Instant receivedAt) {
        Jid from = presence.getFrom();
        if (from == null || !receiving) {
            return Optional.empty();
        }
        BareJid contact = from.asBareJid();
        if (contact.equals(self)) {
            return Optional.empty();
        }
        String resource = from.getResourceOrEmpty().toString();
        switch (presence.getType()) {
            case available -> resources.computeIfAbsent(contact, c -> new LinkedHashMap<>())
                    .put(resource, PresenceReader.read(presence, resource, receivedAt));
            case unavailable -> {
                if (from.hasResource()) {
                    Map<String, ResourcePresence> of = resources.get(contact);
                    if (of != null) {
                        of.remove(resource);
                    }
                } else {
                    resources.remove(contact);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        if (resources.getOrDefault(contact, Map.of()).isEmpty()) {
            resources.remove(contact);
        }
        known.add(contact);
        return Optional.of(snapshot(contact));
    }

    /**
     * The contact cancelled our subscription ({@code unsubscribed}): its server sends unavailable for every resource
     * (RFC 6121 3.2.3); we drop them at once.
     */
    synchronized Optional<ContactPresence> onUnsubscribed(BareJid contact) {
        if (resources.remove(contact) == null) {
            return Optional.empty();
        }
        return Optional.of(snapshot(contact));
    }

    /** A roster push added or changed an item; returns the new state if the item changed. */
    synchronized Optional<ContactPresence> onRosterItem(BareJid contact, RosterItem item) {
        if (item.equals(roster.put(contact, item))) {
            return Optional.empty();
        }
        if (!item.subscription().seesContact()) {
            resources.remove(contact);
            known.remove(contact);
        }
        return Optional.of(snapshot(contact));
    }

    /** A roster push removed the item (subscription='remove', RFC 6121 2.1.2.5); true if it was there. */
    synchronized boolean onRosterRemoved(BareJid contact) {
        resources.remove(contact);
        known.remove(contact);
        return roster.remove(contact) != null;
    }

    /** A full roster arrived (login or reload): replaces ours and reports what changed meanwhile. */
    synchronized RosterDiff replaceRoster(Map<BareJid, RosterItem> items) {
        Map<BareJid, RosterItem> removed = new LinkedHashMap<>();
        for (BareJid old : List.copyOf(roster.keySet())) {
            if (!items.containsKey(old)) {
                removed.put(old, roster.get(old));
                onRosterRemoved(old);
            }
        }
        List<ContactPresence> changed = new ArrayList<>();
        items.forEach((contact, item) -> onRosterItem(contact, item).ifPresent(changed::add));
        return new RosterDiff(changed, removed);
    }
}
