package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.Polling;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Presence edge cases of issue 11 on each real server: lenient reading (XMPP-04/05/06), errors (AZ-08 on the XMPP
 * side), remembered refusals, and the hidden gateway resource that still receives.
 */
class SmackXmppAccountEdgeCasesIT extends SharedServerAccountCases {

    private SmackXmppAccount receivingAlice() {
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        return account;
    }

    /** Prosody forwards all; ejabberd bounces the bad show (docs/notes/ejabberd.md#invalid-show-or-priority). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void invalidShowOrPriority_stanzaKept_showAbsentPriorityClamped(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        receivingAlice();
        try (WireRecorder b = new WireRecorder(server, bob, "r1")) {
            b.sendRaw("<presence><show>bogus</show><status>s1</status></presence>");
            b.sendRaw("<presence><show>away</show><priority>300</priority><status>s2</status></presence>");
            ContactPresence s2 = events.awaitContactInAnyOrder(bobJid, "s2", s -> status(s).equals("s2"));
            assertEquals(127, s2.resources().get(0).priority());
            assertEquals(Show.AWAY, s2.resources().get(0).show());
            if (kind == XmppServerKind.PROSODY) {
                ContactPresence s1 = events.awaitContactInAnyOrder(bobJid, "s1", s -> status(s).equals("s1"));
                assertEquals(Show.AVAILABLE, s1.resources().get(0).show(), "bogus show reads as none");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void severalStatuses_eachWithItsLanguage(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        receivingAlice();
        try (WireRecorder b = new WireRecorder(server, bob, "r1")) {
            b.sendRaw("<presence xml:lang='en'><status>out</status><status xml:lang='de'>weg</status></presence>");
            ContactPresence state = events.awaitContact(bobJid, "two statuses",
                    s -> s.resources().size() == 1 && s.resources().get(0).statuses().size() == 2);
            assertEquals(List.of(new StatusText("out", Optional.of("en")), new StatusText("weg", Optional.of("de"))),
                    state.resources().get(0).statuses());
        }
    }

    /** docs/notes/ejabberd.md#presence-error-unknown-domain: type and condition differ, the event does not. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void subscribeToUnreachableDomain_errorReported_nextRequestGoesOutAgain(XmppServerKind kind) throws Exception {
        use(kind);
        SmackXmppAccount account = receivingAlice();
        BareJid nobody = JidCreate.bareFrom("someone@nonexistent.invalid");
        account.requestSubscription(nobody);
        PresenceError first = events.awaitError(nobody);
        assertEquals(kind == XmppServerKind.PROSODY ? "not-allowed" : "forbidden", first.condition());
        account.requestSubscription(nobody);
        events.awaitError(nobody);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void denial_remembered_noSecondRequestInTheQuietPeriod(XmppServerKind kind) {
        use(kind);
        BareJid carolJid = server.createAccount(alice + "c", PW);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1");
             XmppTestClient carol = XmppTestClient.login(server, alice + "c", PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            carol.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = receivingAlice();
            account.requestSubscription(bobJid);
            r1.awaitSubscribeRequestFrom(server.jid(alice), WAIT);
            r1.denySubscriptionsFrom(server.jid(alice));
            events.awaitAnswer(bobJid, false);
            Refusal refusal = awaitRefusal(account, bobJid);
            assertEquals(SubscriptionMemory.Kind.DENIED, refusal.kind());

            account.requestSubscription(bobJid);
            account.requestSubscription(carolJid); // barrier: sent after bob's would have been
            carol.awaitSubscribeRequestFrom(server.jid(alice), WAIT);
            assertEquals(1, r1.subscribeRequestCount(server.jid(alice)), "asked bob again after his denial");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void usersOwnClientRemovesContact_removedAndRemembered(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = receivingAlice();
        try (XmppTestClient desk = XmppTestClient.login(server, alice, PW, "desk")) {
            desk.removeContact(bobJid);
            events.awaitRemoved(bobJid);
        }
        assertEquals(SubscriptionMemory.Kind.DROPPED, awaitRefusal(account, bobJid).kind());
    }

    /** RFC 6121 4.6: hidden = available to the server, directed unavailable to the contacts. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void hidden_contactsSeeGatewayResourceLeave_accountStillReceives(XmppServerKind kind) throws Exception {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            Roster bobsRoster = Roster.getInstanceFor(r1.connection());
            EntityFullJid gw = JidCreate.entityFullFrom(server.jid(alice) + "/gw");
            SmackXmppAccount account = receivingAlice();
            events.awaitContact(bobJid, "r1", s -> resources(s).equals(List.of("r1")));
            awaitTrue("bob sees alice/gw", () -> bobsRoster.getPresenceResource(gw).isAvailable());

            account.setOwnPresence(OwnPresence.UNAVAILABLE, true);
            awaitTrue("bob sees alice/gw leave", () -> !bobsRoster.getPresenceResource(gw).isAvailable());
            r1.setPresence(Show.DND, "still seen", 0);
            events.awaitContact(bobJid, "r1 dnd while hidden", s -> s.resources().size() == 1
                    && s.resources().get(0).show() == Show.DND);
            assertTrue(account.receivesPresence());

            account.setOwnPresence(OwnPresence.AVAILABLE, true);
            awaitTrue("bob sees alice/gw again", () -> bobsRoster.getPresenceResource(gw).isAvailable());
            Presence seen = bobsRoster.getPresenceResource(gw);
            assertEquals(-1, seen.getPriority());
            assertFalse(events.all().contains(new RecordingListener.Reception(false)), "reception never stopped");
        }
    }

    private static String status(ContactPresence s) {
        return s.resources().isEmpty() || s.resources().get(0).statuses().isEmpty() ? ""
                : s.resources().get(0).statuses().get(0).text();
    }

    private static Refusal awaitRefusal(SmackXmppAccount account, BareJid contact) {
        awaitTrue("refusal of " + contact + " remembered", () -> account.contact(contact).refusal().isPresent());
        return account.contact(contact).refusal().orElseThrow();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        Polling.awaitTrue(what, WAIT, condition);
    }
}
