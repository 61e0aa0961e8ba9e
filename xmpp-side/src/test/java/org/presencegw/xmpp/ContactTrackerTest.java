package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContactTrackerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final BareJid ALICE = JidCreate.bareFromOrThrowUnchecked("alice@x");
    private static final BareJid BOB = JidCreate.bareFromOrThrowUnchecked("bob@x");

    private ContactTracker tracker;

    @BeforeEach
    void receiving() {
        tracker = new ContactTracker(ALICE);
        tracker.replaceRoster(Map.of(BOB, new RosterItem(RosterSubscription.BOTH, false)));
        tracker.startReceiving();
    }

    private Optional<ContactPresence> feed(String xml) {
        return tracker.onPresence(Stanzas.presence(xml), NOW);
    }

    private static List<String> resources(ContactPresence state) {
        return SmackXmppAccountIT.resources(state);
    }

    @Test
    @DisplayName("XMPP-03")
    void available_twoResources_bothTrackedWithOwnShow() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        ContactPresence state = feed("<presence xmlns='jabber:client' from='bob@x/r2'><show>away</show></presence>")
                .orElseThrow();
        assertEquals(List.of("r1", "r2"), resources(state));
        assertEquals(RosterSubscription.BOTH, state.subscription());
        assertEquals(Show.AWAY, SmackXmppAccountIT.resource(state, "r2").show());
        assertTrue(tracker.isKnown(BOB));
    }

    @Test
    @DisplayName("XMPP-07")
    void unavailable_fullJid_removesOnlyThatResource() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        feed("<presence xmlns='jabber:client' from='bob@x/r2'/>");
        ContactPresence state = feed("<presence xmlns='jabber:client' from='bob@x/r2' type='unavailable'/>")
                .orElseThrow();
        assertEquals(List.of("r1"), resources(state));
    }

    @Test
    @DisplayName("XMPP-07")
    void unavailable_bareJid_removesAllResources() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        feed("<presence xmlns='jabber:client' from='bob@x/r2'/>");
        ContactPresence state = feed("<presence xmlns='jabber:client' from='bob@x' type='unavailable'/>")
                .orElseThrow();
        assertEquals(List.of(), state.resources());
        assertTrue(tracker.isKnown(BOB), "known offline");
    }

    @Test
    @DisplayName("XMPP-03, XP-03")
    void nonStateTypes_probeErrorSubscription_noChange() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        for (String type : List.of("probe", "error", "subscribe", "subscribed", "unsubscribe", "unsubscribed")) {
            assertEquals(Optional.empty(), tracker.onPresence(Stanzas.typed("bob@x/r1", type), NOW), type);
        }
        assertEquals(List.of("r1"), resources(tracker.snapshot(BOB)));
    }

    @Test
    void ownJid_reflectedPresence_ignored() {
        assertEquals(Optional.empty(), feed("<presence xmlns='jabber:client' from='alice@x/gw'/>"));
        assertEquals(Optional.empty(), feed("<presence xmlns='jabber:client' from='alice@x/desk'/>"));
        assertEquals(List.of(), tracker.snapshot(ALICE).resources());
    }

    @Test
    void notReceiving_presenceIgnoredAndStateUnknown() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        tracker.stopReceiving();
        assertFalse(tracker.isKnown(BOB));
        assertEquals(List.of(), tracker.snapshot(BOB).resources());
        assertEquals(Optional.empty(), feed("<presence xmlns='jabber:client' from='bob@x/r1'/>"));
        assertEquals(RosterSubscription.BOTH, tracker.snapshot(BOB).subscription(), "roster survives");
    }

    @Test
    void startReceiving_contactUnknownUntilItsProbeAnswer() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        tracker.stopReceiving();
        tracker.startReceiving();
        assertFalse(tracker.isKnown(BOB));
        ContactPresence state = feed("<presence xmlns='jabber:client' from='bob@x' type='unavailable'/>")
                .orElseThrow();
        assertTrue(tracker.isKnown(BOB));
        assertEquals(List.of(), state.resources());
    }

    @Test
    void rosterItem_sameAgain_noEvent_changed_event() {
        assertEquals(Optional.empty(), tracker.onRosterItem(BOB, new RosterItem(RosterSubscription.BOTH, false)));
        ContactPresence state = tracker.onRosterItem(BOB, new RosterItem(RosterSubscription.FROM, false))
                .orElseThrow();
        assertEquals(RosterSubscription.FROM, state.subscription());
    }

    @Test
    @DisplayName("XMPP-08")
    void rosterItem_noLongerSeesContact_resourcesDropped() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        ContactPresence state = tracker.onRosterItem(BOB, new RosterItem(RosterSubscription.NONE, false))
                .orElseThrow();
        assertEquals(List.of(), state.resources());
    }

    @Test
    void rosterItem_pendingAsk_reported() {
        BareJid carol = JidCreate.bareFromOrThrowUnchecked("carol@x");
        ContactPresence state = tracker.onRosterItem(carol, new RosterItem(RosterSubscription.NONE, true))
                .orElseThrow();
        assertTrue(state.subscriptionPending());
    }

    @Test
    void rosterRemoved_itemAndResourcesGone() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        assertTrue(tracker.onRosterRemoved(BOB));
        assertFalse(tracker.onRosterRemoved(BOB));
        ContactPresence state = tracker.snapshot(BOB);
        assertEquals(RosterSubscription.NOT_IN_ROSTER, state.subscription());
        assertEquals(List.of(), state.resources());
    }

    @Test
    void replaceRoster_reportsRemovedAndChanged() {
        BareJid carol = JidCreate.bareFromOrThrowUnchecked("carol@x");
        ContactTracker.RosterDiff diff = tracker.replaceRoster(
                Map.of(carol, new RosterItem(RosterSubscription.TO, false)));
        assertEquals(Map.of(BOB, new RosterItem(RosterSubscription.BOTH, false)), diff.removed());
        assertEquals(1, diff.changed().size());
        assertEquals(carol, diff.changed().get(0).contact());
    }

    @Test
    @DisplayName("XMPP-08")
    void unsubscribed_dropsResources() {
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        assertEquals(List.of(), tracker.onUnsubscribed(BOB).orElseThrow().resources());
        assertEquals(Optional.empty(), tracker.onUnsubscribed(BOB));
    }

    @Test
    void grace_silentContactsWeSee_knownOffline_othersUntouched() { // RFC 6121 4.3.2: an answer is only a SHOULD
        BareJid carol = JidCreate.bareFromOrThrowUnchecked("carol@x");
        BareJid dave = JidCreate.bareFromOrThrowUnchecked("dave@x");
        tracker.replaceRoster(Map.of(BOB, new RosterItem(RosterSubscription.BOTH, false),
                carol, new RosterItem(RosterSubscription.TO, false),
                dave, new RosterItem(RosterSubscription.FROM, false)));
        int epoch = tracker.startReceiving();
        feed("<presence xmlns='jabber:client' from='bob@x/r1'/>");
        List<ContactPresence> offline = tracker.silentContactsOffline(epoch, Optional.empty());
        assertEquals(List.of(carol), offline.stream().map(ContactPresence::contact).toList(), "bob spoke, dave: from");
        assertEquals(PresenceKnowledge.KNOWN, offline.get(0).knowledge());
        assertEquals(List.of(), offline.get(0).resources());
        assertTrue(tracker.isKnown(carol));
        assertFalse(tracker.isKnown(dave));
        assertEquals(List.of("r1"), resources(tracker.snapshot(BOB)), "bob keeps what he sent");
        assertEquals(List.of(), tracker.silentContactsOffline(epoch, Optional.empty()), "once");
    }

    @Test
    void grace_ofAnEarlierReceptionPeriod_doesNothing() {
        int old = tracker.epoch();
        tracker.stopReceiving();
        tracker.startReceiving();
        assertEquals(List.of(), tracker.silentContactsOffline(old, Optional.empty()));
        assertFalse(tracker.isKnown(BOB));
    }

    @Test
    void grace_forOneContact_onlyThatOne() {
        BareJid carol = JidCreate.bareFromOrThrowUnchecked("carol@x");
        tracker.onRosterItem(carol, new RosterItem(RosterSubscription.TO, false));
        List<ContactPresence> offline = tracker.silentContactsOffline(tracker.epoch(), Optional.of(carol));
        assertEquals(List.of(carol), offline.stream().map(ContactPresence::contact).toList());
        assertFalse(tracker.isKnown(BOB));
    }

    @Test
    void contactsSeeingUs_fromAndBoth() {
        BareJid carol = JidCreate.bareFromOrThrowUnchecked("carol@x");
        BareJid dave = JidCreate.bareFromOrThrowUnchecked("dave@x");
        tracker.onRosterItem(carol, new RosterItem(RosterSubscription.TO, false));
        tracker.onRosterItem(dave, new RosterItem(RosterSubscription.FROM, false));
        assertEquals(java.util.Set.of(BOB, dave), java.util.Set.copyOf(tracker.contactsSeeingUs()));
    }

    @Test
    void snapshot_unknownContact_neverNull() {
        ContactPresence state = tracker.snapshot(JidCreate.bareFromOrThrowUnchecked("nobody@x"));
        assertEquals(RosterSubscription.NOT_IN_ROSTER, state.subscription());
        assertEquals(List.of(), state.resources());
    }

    @Test
    void rosterPush_groupsChanged_pushesTheNewGroups_rosterSnapshotHasThem() {
        ContactPresence state = tracker.onRosterItem(BOB, new RosterItem(RosterSubscription.BOTH, false,
                java.util.Set.of("Team", "team"))).orElseThrow();
        assertEquals(java.util.Set.of("Team", "team"), state.groups(), "groups are case-sensitive strings");
        assertEquals(Optional.empty(), tracker.onRosterItem(BOB, new RosterItem(RosterSubscription.BOTH, false,
                java.util.Set.of("team", "Team"))), "same groups: no push");
        ContactPresence left = tracker.onRosterItem(BOB, new RosterItem(RosterSubscription.BOTH, false))
                .orElseThrow();
        assertEquals(java.util.Set.of(), left.groups());
        assertEquals(List.of(BOB), tracker.rosterSnapshot(true).stream().map(ContactPresence::contact).toList());
        assertEquals(PresenceKnowledge.LINK_DOWN, tracker.rosterSnapshot(false).get(0).knowledge());
    }
}
