package org.presencegw.xmpp;

import org.junit.jupiter.api.DisplayName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/** SmackXmppAccount against each real server: login, roster, contact presence, own presence. */
class SmackXmppAccountIT extends SharedServerAccountCases {
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-01")
    void open_mutualContact_onlineWithRosterLoaded(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();

        events.awaitConnection(true);

        assertTrue(account.isOnline());
        assertFalse(account.receivesPresence(), "own presence is unavailable until setOwnPresence");
        ContactPresence state = account.contact(bobJid);
        assertEquals(RosterSubscription.BOTH, state.subscription());
        assertFalse(account.isPresenceKnown(bobJid));
        assertEquals(RosterSubscription.NOT_IN_ROSTER, account.contact(server.jid("nobody")).subscription());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-01")
    void contactResources_showStatusAndLeaving_fullStateEachTime(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1");
             XmppTestClient r2 = XmppTestClient.login(server, bob, PW, "r2")) {
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-02")
    void ownPresence_priorityMinusOne_andUnavailableThenAvailableReprobes(XmppServerKind kind) throws Exception {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            CompletableFuture<Presence> seenByBob = new CompletableFuture<>();
            r1.connection().addAsyncStanzaListener(s -> seenByBob.complete((Presence) s),
                    s -> s instanceof Presence p && p.getFrom() != null
                            && p.getFrom().asBareJid().equals(server.jid(alice)) && p.getType() == Presence.Type.available);
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void ownUnavailable_noSyntheticOfflineEvents(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
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

    /**
     * Prosody answers the probe with a bare unavailable; ejabberd answers nothing, and the grace period makes bob
     * known offline (docs/notes/ejabberd.md#offline-contact-no-probe-answer).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-01")
    void offlineContact_knownOfflineAfterProbeAnswerOrGracePeriod(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        assertFalse(account.isPresenceKnown(bobJid));
        long start = System.nanoTime();
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        ContactPresence offline = events.awaitContact(bobJid, "known offline", s -> s.resources().isEmpty()
                && s.knowledge() == PresenceKnowledge.KNOWN);
        assertEquals(RosterSubscription.BOTH, offline.subscription());
        assertTrue(account.isPresenceKnown(bobJid));
        if (kind == XmppServerKind.EJABBERD) {
            assertTrue(System.nanoTime() - start >= GRACE.toNanos() - 100_000_000L, "not before the grace period");
        }
    }

    /**
     * RFC 6121 4.3: probing is the server's job; the gateway's session never sends {@code type='probe'}, neither
     * after its initial presence nor when a contact's state is asked for. Every presence it sends is recorded.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-09")
    void initialPresenceAndQueries_sessionSendsNoProbe(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        List<Presence> sent = new CopyOnWriteArrayList<>();
        account.connection().addStanzaSendingListener(
                stanza -> sent.add((Presence) stanza), StanzaTypeFilter.PRESENCE);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitContact(bobJid, "known offline", st -> st.resources().isEmpty()
                && st.knowledge() == PresenceKnowledge.KNOWN);
        assertEquals(RosterSubscription.BOTH, account.contact(bobJid).subscription());
        assertFalse(sent.isEmpty(), "the listener saw the initial presence");
        assertTrue(sent.stream().noneMatch(pr -> pr.getType() == Presence.Type.probe),
                "probes sent: " + sent);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void contactSilentThroughGrace_thenComesOnline_followsLive(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitContact(bobJid, "known offline", s -> s.knowledge() == PresenceKnowledge.KNOWN);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            r1.setPresence(Show.AWAY, "back", 0);
            ContactPresence back = events.awaitContact(bobJid, "r1 away", s -> resources(s).equals(List.of("r1")));
            assertEquals(Show.AWAY, back.resources().get(0).show());
        }
    }
}
