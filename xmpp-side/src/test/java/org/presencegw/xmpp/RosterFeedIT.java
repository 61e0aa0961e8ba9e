package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import org.jxmpp.jid.EntityFullJid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * The account's own roster feed ({@link RosterFeed}) on each real server: the loaded roster, pushes from the user's
 * other client in stream order, and a forged push from another user, which must change nothing (RFC 6121 2.1.6).
 */
class RosterFeedIT extends SharedServerAccountCases {

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void loadedRoster_thenPushesFromTheUsersOtherClient(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        ContactPresence loaded = account.contact(bobJid);
        assertEquals(RosterSubscription.BOTH, loaded.subscription());
        try (XmppTestClient desk = XmppTestClient.login(server, alice, PW, "desk")) {
            desk.setGroups(bobJid, "Team");
            events.awaitContact(bobJid, "in group Team", s -> s.groups().equals(Set.of("Team")));
            desk.removeContact(bobJid);
            events.awaitRemoved(bobJid);
        }
        assertEquals(RosterSubscription.NOT_IN_ROSTER, account.contact(bobJid).subscription());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void forgedPushFromAnotherUser_ignored(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        EntityFullJid gw = account.connection().getUser();
        try (WireRecorder b = new WireRecorder(server, bob, "r1");
             XmppTestClient desk = XmppTestClient.login(server, alice, PW, "desk")) {
            b.sendRaw("<iq type='set' id='forged1' to='" + gw + "'><query xmlns='jabber:iq:roster'>"
                    + "<item jid='" + bobJid + "' subscription='remove'/></query></iq>");
            // barrier: a true push from alice's own client, sent after the forged one reached the gateway's session
            desk.setGroups(bobJid, "After");
            events.awaitContact(bobJid, "in group After", s -> s.groups().equals(Set.of("After")));
        }
        assertFalse(events.all().stream().anyMatch(e -> e instanceof RecordingListener.Removed),
                "a forged roster push removed a contact: " + events.all());
        assertEquals(RosterSubscription.BOTH, account.contact(bobJid).subscription());
    }
}
