package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.activeWith;
import static org.presencegw.gateway.it.Watch.until;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.header.ExpiresHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * The core path end to end with real peers: an XMPP server started by the test (each case runs on Prosody,
 * {@link OnProsody}, and on ejabberd, {@link OnEjabberd}), the gateway in-process, a JAIN-SIP watcher
 * (sip:alice@sip.test, mapped to alice@jabber.test) and Smack clients as the Jabber contacts. Each test watches its
 * own contact, so the tests do not see each other's NOTIFYs.
 */
abstract class JabberPresenceIT {
    private static final List<String> CONTACTS = List.of("bob", "bob2", "bob3", "bob4", "bob5");

    static GatewayFixture fixture(XmppServerKind kind) {
        return GatewayFixture.builder().server(kind)
                .accounts("alice", "bob", "bob2", "bob3", "bob4", "bob5", "carol", "dave", "erin", "sipgw")
                .mutualContacts("alice", CONTACTS.toArray(String[]::new))
                .mutualContacts("sipgw", CONTACTS.toArray(String[]::new))
                .mapped("alice").bridge("sipgw").minExpires(1)
                .build();
    }

    /** The running fixture of the concrete class (one per server). */
    abstract GatewayFixture gw();

    private SipTestAgent watcherAgent(Transport transport) {
        return gw().agent(transport);
    }

    private static Response ok(SipTestAgent agent) {
        Response r = agent.awaitResponse(TIMEOUT);
        assertEquals(200, r.getStatusCode(), r.toString());
        return r;
    }

    @Test
    @DisplayName("AZ-01, XP-02, XP-06, XP-07: XP-01")
    void watcher_seesOfflineAvailableAwayDndOffline_asBobChangesPresence() {
        try (SipTestAgent alice = watcherAgent(Transport.UDP)) {
            SubscriptionHandle h = alice.subscribe(sip("bob"), watcher("alice"), null, Map.of());
            Response r = ok(alice);
            assertEquals(600, ((ExpiresHeader) r.getHeader(ExpiresHeader.NAME)).getExpires(), "default_expires");
            until(alice, "bob offline", activeWith("closed"));
            try (XmppTestClient bob = gw().xmpp("bob", "r1")) {
                bob.setPresence(Show.AVAILABLE, null, 0);
                ReceivedNotify open = until(alice, "bob available", activeWith("open"));
                assertEquals(List.of(), Watch.shows(open));
                assertEquals(List.of("ID-r1"), Watch.tupleIds(open));

                bob.setPresence(Show.AWAY, "at lunch", 0);
                ReceivedNotify away = until(alice, "bob away", n -> activeWith("open").test(n)
                        && Watch.shows(n).equals(List.of("away")));
                assertTrue(Watch.notes(away).contains("at lunch"), Watch.notes(away).toString());
                assertEquals(List.of("away"), Watch.activities(away));

                bob.setPresence(Show.DND, "in a meeting", 0);
                ReceivedNotify dnd = until(alice, "bob dnd", n -> activeWith("open").test(n)
                        && Watch.shows(n).equals(List.of("dnd")));
                assertEquals(List.of("busy"), Watch.activities(dnd));
                assertTrue(Watch.notes(dnd).contains("in a meeting"));

                bob.goUnavailable();
                until(alice, "bob offline again", activeWith("closed"));
            }
            alice.unsubscribe(h);
            ok(alice);
            ReceivedNotify last = until(alice, "terminated", n -> n.state().equals("terminated"));
            assertEquals(Optional.of("timeout"), last.reason());
        }
    }

    @Test
    @DisplayName("TRN-01: PRS-06, XP-09")
    void twoResources_areTwoTuples_andOneLeavingKeepsTheOther() {
        try (SipTestAgent alice = watcherAgent(Transport.TCP)) {
            alice.subscribe(sip("bob2"), watcher("alice"), 300, Map.of());
            assertEquals(300, ((ExpiresHeader) ok(alice).getHeader(ExpiresHeader.NAME)).getExpires());
            try (XmppTestClient desk = gw().xmpp("bob2", "desk");
                 XmppTestClient phone = gw().xmpp("bob2", "phone")) {
                desk.setPresence(Show.AVAILABLE, null, 5);
                phone.setPresence(Show.AWAY, "on the road", 0);
                ReceivedNotify both = until(alice, "two tuples", activeWith("open", "open"));
                assertEquals(List.of("ID-desk", "ID-phone"), Watch.tupleIds(both), "most available first");
                assertEquals(List.of(), Watch.activities(both), "desk is available: no activity");
                phone.goUnavailable();
                ReceivedNotify one = until(alice, "desk only", activeWith("open"));
                assertEquals(List.of("ID-desk"), Watch.tupleIds(one));
            }
        }
    }

    @Test
    @DisplayName("AZ-06: AZ-05, SUB-10")
    void refresh_getsNotifyWithState_andUnsubscribeEndsWithTimeout() {
        try (SipTestAgent alice = watcherAgent(Transport.UDP)) {
            SubscriptionHandle h = alice.subscribe(sip("bob3"), watcher("alice"), 120, Map.of());
            ok(alice);
            until(alice, "bob3 offline", activeWith("closed"));
            alice.refresh(h, 240);
            assertEquals(240, ((ExpiresHeader) ok(alice).getHeader(ExpiresHeader.NAME)).getExpires());
            ReceivedNotify refreshed = until(alice, "NOTIFY after refresh", activeWith("closed"));
            assertTrue(refreshed.expires().getAsInt() <= 240 && refreshed.expires().getAsInt() > 200);
            alice.unsubscribe(h);
            ok(alice);
            ReceivedNotify last = until(alice, "terminated", n -> n.state().equals("terminated"));
            assertEquals(Optional.of("timeout"), last.reason());
            assertFalse(last.subscriptionState().contains("expires"), "terminated carries no expires");
        }
    }

    @Test
    @DisplayName("SUB-11")
    void subscription_expiresWithoutRefresh_thenRefreshIs481() {
        try (SipTestAgent alice = watcherAgent(Transport.UDP)) {
            SubscriptionHandle h = alice.subscribe(sip("bob4"), watcher("alice"), 2, Map.of());
            ok(alice);
            ReceivedNotify last = until(alice, "expiry", n -> n.state().equals("terminated"));
            assertEquals(Optional.of("timeout"), last.reason());
            alice.refresh(h, 60);
            assertEquals(481, alice.awaitResponse(TIMEOUT).getStatusCode());
        }
    }

    @Test
    @DisplayName("AZ-02, AZ-03, PRS-04, PRS-05, SUB-07")
    void contactNotInRoster_isPending_thenApproved_thenActiveWithState() {
        try (SipTestAgent alice = watcherAgent(Transport.UDP);
             XmppTestClient carol = gw().xmpp("carol", "laptop")) {
            carol.setPresence(Show.CHAT, "free to talk", 0);
            alice.subscribe(sip("carol"), watcher("alice"), null, Map.of());
            ok(alice);
            ReceivedNotify pending = until(alice, "pending", n -> n.state().equals("pending"));
            assertFalse(Watch.hasBody(pending), "no real state while pending");
            EntityBareJid aliceJid = gw().xmppServer().jid("alice");
            carol.awaitSubscribeRequestFrom(aliceJid, TIMEOUT);
            carol.approveSubscriptionsFrom(aliceJid);
            ReceivedNotify open = until(alice, "carol's state", activeWith("open"));
            assertEquals(List.of("chat"), Watch.shows(open));
            assertTrue(Watch.notes(open).contains("free to talk"));
        }
    }

    @Test
    @DisplayName("AZ-04")
    void contactDenies_subscriptionIsRejected() {
        try (SipTestAgent alice = watcherAgent(Transport.UDP);
             XmppTestClient dave = gw().xmpp("dave", "home")) {
            dave.setPresence(Show.AVAILABLE, null, 0);
            alice.subscribe(sip("dave"), watcher("alice"), null, Map.of());
            ok(alice);
            until(alice, "pending", n -> n.state().equals("pending"));
            EntityBareJid aliceJid = gw().xmppServer().jid("alice");
            dave.awaitSubscribeRequestFrom(aliceJid, TIMEOUT);
            dave.denySubscriptionsFrom(aliceJid);
            ReceivedNotify rejected = until(alice, "rejected", n -> n.state().equals("terminated"));
            assertEquals(Optional.of("rejected"), rejected.reason());
        }
    }

    @Test
    void unmappedWatcher_isServedByTheBridgeAccount() {
        try (SipTestAgent erin = watcherAgent(Transport.UDP)) {
            erin.subscribe(sip("bob5"), watcher("erin"), null, Map.of());
            ok(erin);
            until(erin, "bob5 offline via the bridge", activeWith("closed"));
        }
    }

    @Test
    @DisplayName("MAP-08, SUB-01")
    void unknownDomain_is404_andUnservedEventIs489() {
        try (SipTestAgent alice = watcherAgent(Transport.UDP)) {
            alice.subscribe("sip:bob@nowhere.test", watcher("alice"), null, Map.of());
            assertEquals(404, alice.awaitResponse(TIMEOUT).getStatusCode());
            alice.subscribe(sip("bob"), watcher("alice"), null, Map.of("Event", "presence.winfo"));
            assertEquals(489, alice.awaitResponse(TIMEOUT).getStatusCode());
            alice.expectNoNotify(Duration.ofMillis(300));
        }
    }
}
