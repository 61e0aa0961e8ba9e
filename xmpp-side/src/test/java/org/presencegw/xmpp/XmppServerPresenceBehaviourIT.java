package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.XmppServerKind;

/**
 * What each server does, seen by a bare Smack 4.4.8 client (no product code): the facts behind
 * docs/notes/ejabberd.md, one case per section, with each server's answer spelled out. If a server upgrade changes
 * one, this fails and the note needs an update.
 */
class XmppServerPresenceBehaviourIT extends SharedServerAccountCases {

    /** docs/notes/ejabberd.md#offline-contact-no-probe-answer. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void initialPresence_offlineContact_prosodyAnswersUnavailableEjabberdNothing(XmppServerKind kind) {
        use(kind);
        String carol = alice + "c";
        BareJid carolJid = server.createAccount(carol, PW);
        server.makeMutualContacts(alice, bob);
        server.makeMutualContacts(alice, carol);
        try (WireRecorder a = new WireRecorder(server, alice, "gw")) {
            a.sendRaw("<presence/>");
            try (WireRecorder c = new WireRecorder(server, carol, "r1")) {
                c.sendRaw("<presence/>"); // barrier: carol's available presence reaches alice after any probe answer
                List<Presence> seen = a.presencesUntil("carol available",
                        p -> p.getFrom().asBareJid().equals(carolJid) && p.getType() == Presence.Type.available);
                boolean bobOffline = seen.stream().anyMatch(p -> p.getType() == Presence.Type.unavailable
                        && p.getFrom().equals(bobJid));
                assertEquals(kind == XmppServerKind.PROSODY, bobOffline, "bare unavailable from bob: " + seen);
            }
        }
    }

    /** docs/notes/ejabberd.md#stream-management-and-pre-approval. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void streamFeatures_ejabberdStreamManagementProsodyPreApproval(XmppServerKind kind) throws Exception {
        use(kind);
        try (WireRecorder a = new WireRecorder(server, alice, "gw")) {
            assertEquals(kind == XmppServerKind.EJABBERD, a.connection().isSmAvailable(), "XEP-0198 offered");
            assertEquals(kind == XmppServerKind.PROSODY, a.roster().isSubscriptionPreApprovalSupported(),
                    "urn:xmpp:features:pre-approval offered");
        }
    }

    /** docs/notes/ejabberd.md#presence-error-unknown-domain (the fixtures allow no s2s). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void subscribe_remoteDomainWithoutS2s_errorPresence_askStays(XmppServerKind kind) throws Exception {
        use(kind);
        BareJid nobody = JidCreate.entityBareFrom("someone@nonexistent.invalid");
        try (WireRecorder a = new WireRecorder(server, alice, "gw")) {
            a.sendRaw("<presence/>");
            a.sendRaw("<presence type='subscribe' to='" + nobody + "'/>");
            List<Presence> seen = a.presencesUntil("error", p -> p.getType() == Presence.Type.error);
            StanzaError error = seen.get(seen.size() - 1).getError();
            assertEquals(nobody, seen.get(seen.size() - 1).getFrom());
            if (kind == XmppServerKind.PROSODY) {
                assertEquals(StanzaError.Condition.not_allowed, error.getCondition(), error.toString());
                assertEquals(StanzaError.Type.CANCEL, error.getType());
            } else {
                assertEquals(StanzaError.Condition.forbidden, error.getCondition(), error.toString());
                assertEquals(StanzaError.Type.AUTH, error.getType());
            }
            a.roster().reloadAndWait();
            RosterEntry entry = a.roster().getEntry(nobody);
            assertTrue(entry != null && entry.isSubscriptionPending(), "item with ask=subscribe kept: " + entry);
        }
    }

    /** docs/notes/ejabberd.md#invalid-show-or-priority. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void invalidShowOrPriority_prosodyForwardsAllEjabberdOnlyPriority300_smackDropsThem(XmppServerKind kind) {
        use(kind);
        server.makeMutualContacts(alice, bob);
        try (WireRecorder a = new WireRecorder(server, alice, "gw");
             WireRecorder b = new WireRecorder(server, bob, "r1")) {
            a.sendRaw("<presence/>");
            b.sendRaw("<presence/>");
            a.presencesUntil("bob available", p -> p.getFrom().asBareJid().equals(bobJid));
            b.sendRaw("<presence><show>bogus</show><status>s1</status></presence>");
            b.sendRaw("<presence><priority>300</priority><status>s2</status></presence>");
            b.sendRaw("<presence><priority>high</priority><status>s3</status></presence>");
            b.sendRaw("<presence><show>away</show><status>s4</status></presence>");
            a.presencesUntil("bob away s4", p -> "s4".equals(p.getStatus())); // barrier: sent last
            List<String> dropped = a.unparsable();
            assertEquals(kind == XmppServerKind.PROSODY ? 3 : 1, dropped.size(), "dropped by Smack: " + dropped);
            assertTrue(dropped.stream().anyMatch(d -> d.contains("Value out of range. Value:\"300\"")), dropped::toString);
            if (kind == XmppServerKind.EJABBERD) {
                // Bounced to bob as type='error' with the bad child inside, which bob's Smack cannot parse either.
                b.unparsableUntil("bounce of s3", d -> d.contains("s3") && d.contains("bad-request"));
                assertTrue(b.unparsable().stream().anyMatch(d -> d.contains("s1") && d.contains("bad-request")),
                        b.unparsable()::toString);
            }
        }
    }
}
