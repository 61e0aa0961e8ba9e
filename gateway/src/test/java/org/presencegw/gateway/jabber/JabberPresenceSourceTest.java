package org.presencegw.gateway.jabber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.RosterSubscription;
import org.presencegw.xmpp.Show;

/** Account mapping semantics (docs/DESIGN.md) and CONFORMANCE.md AZ rows, with an in-memory account. */
class JabberPresenceSourceTest {
    private static final SipAddress ALICE_SIP = SipAddress.parse("sip:alice@sip.example");
    private static final SipAddress BOB = SipAddress.parse("sip:bob@jabber.example");
    private static final EntityBareJid BOB_JID = JidCreate.entityBareFromOrThrowUnchecked("bob@xmpp.example");

    private final List<Map.Entry<ViewKey, PresenceState>> published =
            java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> ownPresence = new ArrayList<>();
    private final JabberPresenceSource source = new JabberPresenceSource(
            new AddressMapper(JidCreate.domainBareFromOrThrowUnchecked("xmpp.example")),
            (view, state) -> published.add(Map.entry(view, state)),
            (user, account, watching) -> ownPresence.add(user + "=" + watching), "sip-gateway");
    private final FakeAccount alice = new FakeAccount("alice@xmpp.example");

    JabberPresenceSourceTest() {
        source.addMappedAccount(ALICE_SIP, alice);
    }

    /** The account learnt the contact's presence (the server answered its probe or sent an update). */
    private void heard(BareJid contact) {
        alice.known.add(contact);
        source.contactChanged(alice.jid(), alice.contact(contact));
    }

    private PresenceState lastPublished() {
        return published.get(published.size() - 1).getValue();
    }

    @Test
    @DisplayName("SUB-20")
    void watch_unmappedWatcherNoBridge_isForbidden() {
        WatchResult r = source.watch(SipAddress.parse("sip:eve@sip.example"), BOB);
        assertEquals(403, assertInstanceOf(WatchResult.Refused.class, r).status());
    }

    @Test
    @DisplayName("SEC-01")
    void watch_unmappedWatcherWithBridge_isServedByBridge() {
        FakeAccount gw = new FakeAccount("sipgw@xmpp.example");
        source.setBridgeAccount(gw);
        gw.set(BOB_JID, RosterSubscription.BOTH);
        WatchResult r = source.watch(SipAddress.parse("sip:eve@sip.example"), BOB);
        assertTrue(assertInstanceOf(WatchResult.Accepted.class, r).view().id().startsWith("sipgw@xmpp.example"));
        assertTrue(ownPresence.isEmpty(), "the bridge account's presence does not follow watchers");
    }

    @Test
    @DisplayName("AZ-01")
    void watch_rosterContactNotYetHeard_isUnknownThenKnown() { // XP-11, AZ-01
        alice.set(BOB_JID, RosterSubscription.BOTH);
        WatchResult.Accepted a = (WatchResult.Accepted) source.watch(ALICE_SIP, BOB);
        assertEquals(PresenceState.UNKNOWN, a.current());
        assertEquals(List.of("sip:alice@sip.example=true"), ownPresence);
        heard(BOB_JID);
        PresenceState.Known known = assertInstanceOf(PresenceState.Known.class, lastPublished());
        assertEquals(Basic.CLOSED, known.document().tuples().get(0).basic());
        alice.online(BOB_JID, new ResourcePresence("r1", Show.DND, List.of(), 0, Optional.empty(), Instant.now()));
        heard(BOB_JID);
        known = assertInstanceOf(PresenceState.Known.class, lastPublished());
        assertEquals(Optional.of("dnd"), known.document().tuples().get(0).xmppShow());
        assertEquals(Optional.of(known), source.current(a.view()), "asked again: what was last published");
        source.release(a.view(), ALICE_SIP);
        assertEquals(List.of("sip:alice@sip.example=true", "sip:alice@sip.example=false"), ownPresence);
        assertEquals(0, source.viewCount());
        assertEquals(Optional.empty(), source.current(a.view()), "no view left");
    }

    @Test
    @DisplayName("AZ-02, AZ-03, XMPP-08")
    void watch_contactNotInRoster_pendingThenApprovedThenKnown() { // AZ-02, AZ-03
        WatchResult.Accepted a = (WatchResult.Accepted) source.watch(ALICE_SIP, BOB);
        assertEquals(PresenceState.PENDING, a.current());
        assertEquals(List.of(BOB_JID), alice.requested);
        source.subscriptionAnswered(alice.jid(), BOB_JID, true);
        assertEquals(PresenceState.UNKNOWN, lastPublished());
        alice.set(BOB_JID, RosterSubscription.TO);
        heard(BOB_JID);
        assertInstanceOf(PresenceState.Known.class, lastPublished());
    }

    @Test
    @DisplayName("AZ-04")
    void watch_denied_isTerminatedRejected() { // AZ-04
        source.watch(ALICE_SIP, BOB);
        source.subscriptionAnswered(alice.jid(), BOB_JID, false);
        assertEquals(new PresenceState.Terminated(TerminationReason.REJECTED), lastPublished());
    }

    @Test
    @DisplayName("AZ-10")
    void contactRemoved_isTerminatedRejected_once() { // AZ-10 (issue 11: authorization withdrawn)
        alice.set(BOB_JID, RosterSubscription.BOTH);
        source.watch(ALICE_SIP, BOB);
        source.contactRemoved(alice.jid(), BOB_JID);
        assertEquals(new PresenceState.Terminated(TerminationReason.REJECTED), lastPublished());
        int count = published.size();
        source.subscriptionAnswered(alice.jid(), BOB_JID, false); // the same end reported twice
        assertEquals(count, published.size());
    }

    @Test
    @DisplayName("XP-11")
    void connectionLost_knownBecomesUnknownPendingStaysPending() { // XP-11
        alice.set(BOB_JID, RosterSubscription.BOTH);
        source.watch(ALICE_SIP, BOB);
        heard(BOB_JID);
        source.watch(ALICE_SIP, SipAddress.parse("sip:carol@jabber.example"));
        published.clear();
        alice.onlineFlag = false;
        source.connectionChanged(alice.jid(), false);
        assertEquals(1, published.size(), "only the known view changes: " + published);
        assertEquals(PresenceState.UNKNOWN, lastPublished());
    }

    @Test
    @DisplayName("MAP-04")
    void watch_gr_selectsOneResource() { // MAP-04
        alice.set(BOB_JID, RosterSubscription.BOTH);
        alice.online(BOB_JID, new ResourcePresence("desk", Show.AVAILABLE, List.of(), 0, Optional.empty(),
                Instant.now()));
        alice.online(BOB_JID, new ResourcePresence("phone", Show.AWAY, List.of(), 0, Optional.empty(),
                Instant.now()));
        source.watch(ALICE_SIP, SipAddress.parse("sip:bob@jabber.example;gr=phone"));
        heard(BOB_JID);
        PresenceState.Known known = assertInstanceOf(PresenceState.Known.class, lastPublished());
        assertEquals(1, known.document().tuples().size());
        assertEquals("ID-phone", known.document().tuples().get(0).id());
    }

    @Test
    void contactThatIsAGatewayAccount_itsGatewayResourceIsNeverShown() { // REV: no loops
        FakeAccount bobAccount = new FakeAccount("bob@xmpp.example");
        source.addMappedAccount(SipAddress.parse("sip:bob@sip.example"), bobAccount);
        alice.set(BOB_JID, RosterSubscription.BOTH);
        alice.online(BOB_JID, new ResourcePresence("sip-gateway", Show.DND, List.of(), -1, Optional.empty(),
                Instant.now()));
        source.watch(ALICE_SIP, BOB);
        heard(BOB_JID);
        PresenceState.Known known = assertInstanceOf(PresenceState.Known.class, lastPublished());
        assertEquals(Basic.CLOSED, known.document().tuples().get(0).basic(),
                "bob's mirrored SIP state is not bob's chat presence: " + known);
        alice.online(BOB_JID, new ResourcePresence("laptop", Show.AVAILABLE, List.of(), 0, Optional.empty(),
                Instant.now()));
        heard(BOB_JID);
        known = assertInstanceOf(PresenceState.Known.class, lastPublished());
        assertEquals(List.of("ID-laptop"), known.document().tuples().stream().map(t -> t.id()).toList());
    }
}
