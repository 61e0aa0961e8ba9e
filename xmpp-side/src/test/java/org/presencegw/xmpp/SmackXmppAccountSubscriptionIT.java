package org.presencegw.xmpp;

import org.junit.jupiter.api.DisplayName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jivesoftware.smack.packet.Presence;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/** SmackXmppAccount against each real server: subscription requests and answers, roster removal. */
class SmackXmppAccountSubscriptionIT extends SharedServerAccountCases {
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-03")
    void requestSubscription_approved_answeredAndPresenceFollows(XmppServerKind kind) {
        use(kind);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            r1.setPresence(Show.DND, "busy", 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            account.requestSubscription(bobJid);
            account.requestSubscription(bobJid); // once only

            r1.awaitSubscribeRequestFrom(server.jid(alice), WAIT);
            events.awaitContact(bobJid, "pending", ContactPresence::subscriptionPending);
            r1.approveSubscriptionsFrom(server.jid(alice));

            events.awaitAnswer(bobJid, true);
            ContactPresence state = events.awaitContact(bobJid, "dnd after approval",
                    s -> resources(s).equals(List.of("r1")));
            assertEquals(Show.DND, resource(state, "r1").show());
            assertEquals(RosterSubscription.TO, account.contact(bobJid).subscription());
            assertFalse(account.contact(bobJid).subscriptionPending());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void requestSubscription_denied_answeredFalse(XmppServerKind kind) {
        use(kind);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            account.requestSubscription(bobJid);
            r1.awaitSubscribeRequestFrom(server.jid(alice), WAIT);
            r1.denySubscriptionsFrom(server.jid(alice));
            events.awaitAnswer(bobJid, false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void requestSubscription_whileOffline_sentAfterLogin(XmppServerKind kind) {
        use(kind);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            account.requestSubscription(bobJid); // most likely before the login completes
            account.setOwnPresence(OwnPresence.AVAILABLE); // requests wait for it
            r1.awaitSubscribeRequestFrom(server.jid(alice), WAIT);
            events.awaitConnection(true);
            assertTrue(account.isOnline());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("XMPP-03: AZ-04")
    void revokedSubscription_answeredFalse_andResourcesCleared(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (XmppTestClient r1 = XmppTestClient.login(server, bob, PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            SmackXmppAccount account = openAlice();
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitContact(bobJid, "r1 available", s -> resources(s).equals(List.of("r1")));
            r1.revokeSubscriptionOf(server.jid(alice));
            events.awaitAnswer(bobJid, false);
            // Prosody sends <presence type='unsubscribed'/> before the roster push, ejabberd after it.
            events.awaitContactInAnyOrder(bobJid, "subscription from",
                    s -> s.subscription() == RosterSubscription.FROM);
            assertTrue(account.contact(bobJid).resources().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void inboundSubscribe_notAnsweredByGateway_reachesUsersOwnClient(XmppServerKind kind) {
        use(kind);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        try (XmppTestClient bobClient = XmppTestClient.login(server, bob, PW, "r1")) {
            CompletableFuture<Presence> denied = new CompletableFuture<>();
            bobClient.connection().addAsyncStanzaListener(s -> denied.complete((Presence) s),
                    s -> s instanceof Presence p && p.getType() == Presence.Type.unsubscribed);
            bobClient.setPresence(Show.AVAILABLE, null, 0);
            bobClient.requestSubscription(server.jid(alice));
            // The user's own client logs in later: the server re-delivers a still-pending request (RFC 6121 3.1.3).
            try (XmppTestClient desk = XmppTestClient.login(server, alice, PW, "desk")) {
                desk.setPresence(Show.AVAILABLE, null, 0);
                desk.awaitSubscribeRequestFrom(bobJid, WAIT);
            }
            assertFalse(denied.isDone(), "the gateway denied bob's request in the user's name");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("AZ-10")
    void rosterRemove_byUsersClient_contactRemoved(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        openAlice();
        events.awaitConnection(true);
        try (XmppTestClient desk = XmppTestClient.login(server, alice, PW, "desk")) {
            desk.removeContact(bobJid);
            events.awaitRemoved(bobJid);
        }
    }
}
