package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jxmpp.jid.BareJid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.XmppServerKind;

/**
 * Subscription answers and their order as each server sends them to a bare Smack 4.4.8 client (no product code);
 * the facts behind docs/notes/ejabberd.md, with each server's answer spelled out.
 */
class XmppServerSubscriptionBehaviourIT extends SharedServerAccountCases {

    /** docs/notes/ejabberd.md#answers-only-to-available-sessions. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void answers_toSessionWithoutInitialPresence_rosterPushedBothPresenceOnlyProsody(XmppServerKind kind) {
        use(kind);
        String dave = alice + "d";
        BareJid daveJid = server.createAccount(dave, PW);
        try (WireRecorder a = new WireRecorder(server, alice, "gw");
             WireRecorder b = new WireRecorder(server, bob, "r1");
             WireRecorder d = new WireRecorder(server, dave, "r1")) {
            b.sendRaw("<presence/>");
            d.sendRaw("<presence/>");
            a.sendRaw("<presence type='subscribe' to='" + bobJid + "'/>"); // alice sends no presence of her own
            a.sendRaw("<presence type='subscribe' to='" + daveJid + "'/>");
            b.presencesUntil("subscribe", p -> p.getType() == Presence.Type.subscribe);
            d.presencesUntil("subscribe", p -> p.getType() == Presence.Type.subscribe);
            b.sendRaw("<presence type='unsubscribed' to='" + alice + "@" + server.domain() + "'/>");
            d.sendRaw("<presence type='subscribed' to='" + alice + "@" + server.domain() + "'/>");

            // Both servers push the outcome into alice's roster.
            a.awaitRosterItem(bobJid, "denied", e -> e.getType() == ItemType.none && !e.isSubscriptionPending());
            a.awaitRosterItem(daveJid, "approved", e -> e.getType() == ItemType.to && !e.isSubscriptionPending());
            if (kind == XmppServerKind.PROSODY) {
                a.presencesUntil("unsubscribed", p -> p.getType() == Presence.Type.unsubscribed);
                a.presencesUntil("subscribed", p -> p.getType() == Presence.Type.subscribed);
            } else {
                // Neither answer arrives, not even once alice becomes available: barrier = dave's presence.
                a.sendRaw("<presence/>");
                List<Presence> seen = a.presencesUntil("dave available", p -> p.getType() == Presence.Type.available
                        && p.getFrom().asBareJid().equals(daveJid));
                assertTrue(seen.stream().noneMatch(p -> p.getType() == Presence.Type.subscribed
                        || p.getType() == Presence.Type.unsubscribed), seen::toString);
            }
        }
    }

    /** docs/notes/ejabberd.md#roster-pushes-and-order. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void revoke_whileBothAvailable_orderOfUnsubscribedAndUnavailable(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (WireRecorder a = new WireRecorder(server, alice, "gw");
             WireRecorder b = new WireRecorder(server, bob, "r1")) {
            a.sendRaw("<presence/>");
            b.sendRaw("<presence/>");
            a.presencesUntil("bob available", p -> p.getFrom().asBareJid().equals(bobJid)
                    && p.getType() == Presence.Type.available);
            b.sendRaw("<presence type='unsubscribed' to='" + alice + "@" + server.domain() + "'/>");

            a.awaitRosterItem(bobJid, "from", e -> e.getType() == ItemType.from);
            List<Presence> seen = a.presencesUntil("unsubscribed", p -> p.getType() == Presence.Type.unsubscribed);
            boolean unavailableFirst = seen.stream().anyMatch(p -> resourceUnavailable(p, bobJid));
            assertEquals(kind == XmppServerKind.EJABBERD, unavailableFirst, "ejabberd: unavailable, push,"
                    + " unsubscribed; Prosody: unsubscribed, push, unavailable. Seen: " + seen);
            a.presencesUntil("bob/r1 unavailable", p -> resourceUnavailable(p, bobJid));
        }
    }

    /** Unavailable from one of the contact's resources (not the bare-JID answer to alice's initial probe). */
    private static boolean resourceUnavailable(Presence presence, BareJid contact) {
        return presence.getType() == Presence.Type.unavailable && presence.getFrom().hasResource()
                && presence.getFrom().asBareJid().equals(contact);
    }
}
