package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Issue 11's presence edge cases end to end: a SIP watcher (sip:alice@sip.test, mapped to alice@jabber.test), the
 * gateway in-process, a real XMPP server and Smack clients as the contacts. Each case has its own contact. On each
 * server: {@link JabberEdgeCasesProsodyIT}, {@link JabberEdgeCasesEjabberdIT}.
 */
abstract class JabberEdgeCasesIT {
    static final Duration GIVEUP = Duration.ofSeconds(2);

    static GatewayFixture fixture(XmppServerKind kind) {
        return GatewayFixture.builder().server(kind)
                .accounts("alice", "bob", "carol", "dave", "erin", "fred")
                .mutualContacts("alice", "bob", "carol", "erin", "fred")
                .mapped("alice").minExpires(1)
                .policy(p -> p.withPendingGiveup(GIVEUP))
                .build();
    }

    abstract GatewayFixture gw();

    private SipTestAgent watch(String contact) {
        SipTestAgent alice = gw().agent(Transport.UDP);
        alice.subscribe(sip(contact), watcher("alice"), 600, Map.of());
        assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
        return alice;
    }

    private EntityBareJid aliceJid() {
        return gw().xmppServer().jid("alice");
    }

    /** AZ-09: nobody@ does not exist: no answer ever (Prosody, ejabberd), pending, then giveup. */
    @Test
    @DisplayName("AZ-09")
    void requestNobodyAnswers_pendingThenGiveup() {
        SipTestAgent alice = watch("nobody");
        until(alice, "pending", n -> n.state().equals("pending"));
        ReceivedNotify end = until(alice, "giveup", n -> n.state().equals("terminated"));
        assertEquals(Optional.of("giveup"), end.reason());
    }

    /** AZ-08: the contact's side answers our request with a presence error: the watch ends, not pending. */
    @Test
    @DisplayName("AZ-08")
    void presenceErrorFromContact_watchEndsWithReason() {
        XmppTestClient dave = gw().xmpp("dave", "home");
        dave.setPresence(Show.AVAILABLE, null, 0);
        SipTestAgent alice = watch("dave");
        until(alice, "pending", n -> n.state().equals("pending"));
        dave.awaitSubscribeRequestFrom(aliceJid(), TIMEOUT);
        Presence error = StanzaBuilder.buildPresence().ofType(Presence.Type.error).to(aliceJid())
                .setError(StanzaError.getBuilder(StanzaError.Condition.item_not_found)
                        .setType(StanzaError.Type.CANCEL).build())
                .build();
        dave.send(error);
        ReceivedNotify end = until(alice, "terminated", n -> n.state().equals("terminated"));
        assertEquals(Optional.of("noresource"), end.reason());
    }

    /** Revoked while watched: rejected; the phone subscribes again: 403, and bob gets no new request. */
    @Test
    void revokedWhileWatched_rejected_reSubscribeRefusedWithoutNewRequest() {
        XmppTestClient bob = gw().xmpp("bob", "r1");
        bob.setPresence(Show.AVAILABLE, null, 0);
        SipTestAgent alice = watch("bob");
        until(alice, "bob open", activeWith("open"));
        bob.revokeSubscriptionOf(aliceJid());
        ReceivedNotify end = until(alice, "rejected", n -> n.state().equals("terminated"));
        assertEquals(Optional.of("rejected"), end.reason());

        alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
        assertEquals(403, alice.awaitResponse(TIMEOUT).getStatusCode());
        // A negative check: one keepalive round trip of time for a request that must not come.
        alice.expectNoNotify(Duration.ofSeconds(1));
        assertEquals(0, bob.subscribeRequestCount(aliceJid()), "asked bob again in alice's name");
    }

    /** The user's own client removes carol: the watch ends (rejected) and carol is not asked again. */
    @Test
    void usersOwnClientRemovesContact_rejected_reSubscribeRefused() {
        SipTestAgent alice = watch("carol");
        until(alice, "carol closed (offline)", activeWith("closed"));
        try (XmppTestClient desk = gw().xmpp("alice", "desk")) {
            desk.removeContact(gw().xmppServer().jid("carol"));
        }
        ReceivedNotify end = until(alice, "rejected", n -> n.state().equals("terminated"));
        assertEquals(Optional.of("rejected"), end.reason());
        alice.subscribe(sip("carol"), watcher("alice"), 600, Map.of());
        assertEquals(403, alice.awaitResponse(TIMEOUT).getStatusCode());
    }

    /** XMPP-04/05: the stanza is kept. ejabberd refuses to route the bad show, Prosody forwards it. */
    @Test
    @DisplayName("XMPP-04 XMPP-05 XP-08")
    void invalidShowOrPriority_notifiesWithTheRest() {
        XmppTestClient erin = gw().xmpp("erin", "r1");
        SipTestAgent alice = watch("erin");
        until(alice, "erin closed", activeWith("closed"));
        erin.sendRaw("<presence><show>away</show><priority>300</priority><status>s2</status></presence>");
        ReceivedNotify clamped = until(alice, "s2", n -> activeWith("open").test(n)
                && Watch.notes(n).contains("s2"));
        assertEquals(List.of("1 xmpp:erin@jabber.test/r1"), Watch.contacts(clamped), "127 maps to 1 (XP-08)");
        erin.sendRaw("<presence><show>bogus</show><status>s1</status></presence>");
        erin.sendRaw("<presence><show>dnd</show><status>s3</status></presence>"); // barrier
        if (gw().kind() == XmppServerKind.PROSODY) {
            ReceivedNotify s1 = until(alice, "s1", n -> activeWith("open").test(n) && Watch.notes(n).contains("s1"));
            assertEquals(List.of(), Watch.shows(s1), "an invalid show reads as none");
        }
        until(alice, "s3", n -> activeWith("open").test(n) && Watch.shows(n).equals(List.of("dnd")));
    }

    /** XP-07, XP-08: one note per status with its language; the priority on the contact. */
    @Test
    @DisplayName("XP-07 XP-08")
    void severalStatuses_oneNoteEachWithLanguage_priorityOnContact() {
        XmppTestClient fred = gw().xmpp("fred", "desk");
        SipTestAgent alice = watch("fred");
        until(alice, "fred closed", activeWith("closed"));
        fred.sendRaw("<presence xml:lang='en'><status>out</status><status xml:lang='de'>weg</status>"
                + "<priority>5</priority></presence>");
        ReceivedNotify n = until(alice, "two notes", m -> activeWith("open").test(m)
                && Watch.notesWithLang(m).contains("de:weg"));
        assertTrue(Watch.notesWithLang(n).contains("en:out"), Watch.notesWithLang(n).toString());
        assertEquals(List.of("0.039 xmpp:fred@jabber.test/desk"), Watch.contacts(n));
    }
}
