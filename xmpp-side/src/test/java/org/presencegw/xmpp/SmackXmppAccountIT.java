package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.ProsodyServer;
import org.presencegw.xmpp.testing.XmppTestClient;

/** SmackXmppAccount against a real Prosody (one server for the class, fresh accounts per test). */
class SmackXmppAccountIT {
    private static final String PW = "pw";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger RUN = new AtomicInteger();
    private static ProsodyServer prosody;

    private XmppAccounts accounts;
    private final RecordingListener events = new RecordingListener();
    private String alice;
    private String bob;
    private EntityBareJid bobJid;

    @BeforeAll
    static void startProsody() {
        JulBridge.install();
        prosody = ProsodyServer.startDefault();
    }

    @AfterAll
    static void stopProsody() {
        prosody.close();
    }

    @BeforeEach
    void freshAccounts() {
        int run = RUN.incrementAndGet();
        alice = "alice" + run;
        bob = "bob" + run;
        prosody.createAccount(alice, PW);
        bobJid = prosody.createAccount(bob, PW);
        accounts = new XmppAccounts();
    }

    @AfterEach
    void closeAccounts() {
        accounts.close();
    }

    private SmackXmppAccount openAlice() {
        return accounts.open(prosody.endpoint("gw"), prosody.credentialsFor(alice, PW), events);
    }

    @Test
    void open_mutualContact_onlineWithRosterLoaded() {
        prosody.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();

        events.awaitConnection(true);

        assertTrue(account.isOnline());
        assertFalse(account.receivesPresence(), "own presence is unavailable until setOwnPresence");
        ContactPresence state = account.contact(bobJid);
        assertEquals(RosterSubscription.BOTH, state.subscription());
        assertFalse(account.isPresenceKnown(bobJid));
        assertEquals(RosterSubscription.NOT_IN_ROSTER, account.contact(prosody.jid("nobody")).subscription());
    }

    @Test
    void contactResources_showStatusAndLeaving_fullStateEachTime() {
        prosody.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1");
             XmppTestClient r2 = XmppTestClient.login(prosody, bob, PW, "r2")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitReception(true);
            events.awaitContact(bobJid, "r1 available", s -> resources(s).equals(List.of("r1")));
            assertTrue(account.isPresenceKnown(bobJid));

            r2.setPresence(Show.AWAY, "lunch", 5);
            ContactPresence two = events.awaitContact(bobJid, "r1 + r2 away", s -> resources(s).size() == 2);
            ResourcePresence away = resource(two, "r2");
            assertEquals(Show.AWAY, away.show());
            assertEquals(5, away.priority());
            assertEquals("lunch", away.statuses().get(0).text());
            assertEquals(Show.AVAILABLE, resource(two, "r1").show());

            r1.setPresence(Show.DND, "meeting", 0);
            events.awaitContact(bobJid, "r1 dnd", s -> resources(s).size() == 2 && resource(s, "r1").show() == Show.DND);

            r2.goUnavailable();
            ContactPresence one = events.awaitContact(bobJid, "r2 gone", s -> resources(s).equals(List.of("r1")));
            assertEquals(Show.DND, resource(one, "r1").show());

            r1.goUnavailable();
            events.awaitContact(bobJid, "all gone", s -> s.resources().isEmpty());
            assertTrue(account.isPresenceKnown(bobJid), "known offline, not unknown");
        }
    }

    @Test
    void ownPresence_priorityMinusOne_andUnavailableThenAvailableReprobes() throws Exception {
        prosody.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1")) {
            CompletableFuture<Presence> seenByBob = new CompletableFuture<>();
            r1.connection().addAsyncStanzaListener(s -> seenByBob.complete((Presence) s),
                    s -> s instanceof Presence p && p.getFrom() != null
                            && p.getFrom().asBareJid().equals(prosody.jid(alice)) && p.getType() == Presence.Type.available);
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(new OwnPresence(true, Show.AWAY, Optional.of("on the phone")));
            events.awaitContact(bobJid, "r1 available", s -> resources(s).equals(List.of("r1")));

            Presence gw = seenByBob.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(-1, gw.getPriority());
            assertEquals(Presence.Mode.away, gw.getMode());
            assertEquals("on the phone", gw.getStatus());
            assertEquals("gw", gw.getFrom().getResourceOrEmpty().toString());

            account.setOwnPresence(OwnPresence.UNAVAILABLE);
            events.awaitReception(false);
            assertFalse(account.receivesPresence());
            assertFalse(account.isPresenceKnown(bobJid));
            assertTrue(account.contact(bobJid).resources().isEmpty(), "unknown: no resources");

            r1.setPresence(Show.XA, "gone fishing", 0); // not delivered to an unavailable resource
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitReception(true);
            // Events from before the unavailable period may still be queued: wait for the re-probed state itself.
            ContactPresence reprobed = events.awaitContact(bobJid, "re-probed xa", s -> resources(s).equals(List.of("r1"))
                    && resource(s, "r1").show() == Show.XA);
            assertEquals(Show.XA, resource(reprobed, "r1").show());
            assertEquals("gone fishing", resource(reprobed, "r1").statuses().get(0).text());
        }
    }

    @Test
    void ownUnavailable_noSyntheticOfflineEvents() {
        prosody.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitContact(bobJid, "r1 available", s -> resources(s).equals(List.of("r1")));
            account.setOwnPresence(OwnPresence.UNAVAILABLE);
            events.awaitReception(false);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitReception(true);
            events.awaitContact(bobJid, "r1 again", s -> resources(s).equals(List.of("r1")));
            List<RecordingListener.Event> all = events.all();
            long emptyStates = all.subList(all.indexOf(new RecordingListener.Reception(true)), all.size()).stream()
                    .filter(e -> e instanceof RecordingListener.ContactChanged c
                    && c.state().contact().equals(bobJid) && c.state().resources().isEmpty()).count();
            assertEquals(0, emptyStates, "bob never went offline; events: " + events.all());
        }
    }

    @Test
    void offlineContact_reportedAsKnownOfflineAfterProbe() {
        prosody.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        assertFalse(account.isPresenceKnown(bobJid));
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        events.awaitContact(bobJid, "bare unavailable", s -> s.resources().isEmpty());
        assertTrue(account.isPresenceKnown(bobJid));
    }

    @Test
    void requestSubscription_approved_answeredAndPresenceFollows() {
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1")) {
            r1.setPresence(Show.DND, "busy", 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            account.requestSubscription(bobJid);
            account.requestSubscription(bobJid); // once only

            r1.awaitSubscribeRequestFrom(prosody.jid(alice), WAIT);
            events.awaitContact(bobJid, "pending", ContactPresence::subscriptionPending);
            r1.approveSubscriptionsFrom(prosody.jid(alice));

            events.awaitAnswer(bobJid, true);
            ContactPresence state = events.awaitContact(bobJid, "dnd after approval",
                    s -> resources(s).equals(List.of("r1")));
            assertEquals(Show.DND, resource(state, "r1").show());
            assertEquals(RosterSubscription.TO, account.contact(bobJid).subscription());
            assertFalse(account.contact(bobJid).subscriptionPending());
        }
    }

    @Test
    void requestSubscription_denied_answeredFalse() {
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.requestSubscription(bobJid);
            r1.awaitSubscribeRequestFrom(prosody.jid(alice), WAIT);
            r1.denySubscriptionsFrom(prosody.jid(alice));
            events.awaitAnswer(bobJid, false);
        }
    }

    @Test
    void requestSubscription_whileOffline_sentAfterLogin() {
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            account.requestSubscription(bobJid); // most likely before the login completes
            r1.awaitSubscribeRequestFrom(prosody.jid(alice), WAIT);
            events.awaitConnection(true);
            assertTrue(account.isOnline());
        }
    }

    @Test
    void revokedSubscription_answeredFalse_andResourcesCleared() {
        prosody.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(prosody, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitContact(bobJid, "r1 available", s -> resources(s).equals(List.of("r1")));
            r1.revokeSubscriptionOf(prosody.jid(alice));
            events.awaitAnswer(bobJid, false);
            events.awaitContact(bobJid, "subscription from", s -> s.subscription() == RosterSubscription.FROM);
            assertTrue(account.contact(bobJid).resources().isEmpty());
        }
    }

    @Test
    void inboundSubscribe_notAnsweredByGateway_reachesUsersOwnClient() {
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        try (XmppTestClient bobClient = XmppTestClient.login(prosody, bob, PW, "r1")) {
            CompletableFuture<Presence> denied = new CompletableFuture<>();
            bobClient.connection().addAsyncStanzaListener(s -> denied.complete((Presence) s),
                    s -> s instanceof Presence p && p.getType() == Presence.Type.unsubscribed);
            bobClient.setPresence(Show.AVAILABLE, null, 0);
            bobClient.requestSubscription(prosody.jid(alice));
            // The user's own client logs in later: Prosody re-delivers a still-pending request (RFC 6121 3.1.3).
            try (XmppTestClient desk = XmppTestClient.login(prosody, alice, PW, "desk")) {
                desk.setPresence(Show.AVAILABLE, null, 0);
                desk.awaitSubscribeRequestFrom(bobJid, WAIT);
            }
            assertFalse(denied.isDone(), "the gateway denied bob's request in the user's name");
        }
    }

    @Test
    void rosterRemove_byUsersClient_contactRemoved() {
        prosody.makeMutualContacts(alice, bob);
        openAlice();
        events.awaitConnection(true);
        try (XmppTestClient desk = XmppTestClient.login(prosody, alice, PW, "desk")) {
            desk.removeContact(bobJid);
            events.awaitRemoved(bobJid);
        }
    }

    static List<String> resources(ContactPresence state) {
        return state.resources().stream().map(ResourcePresence::resource).sorted().toList();
    }

    static ResourcePresence resource(ContactPresence state, String name) {
        return state.resources().stream().filter(r -> r.resource().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + name + " in " + state));
    }
}
