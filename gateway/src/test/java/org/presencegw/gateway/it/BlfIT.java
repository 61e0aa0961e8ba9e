package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.DialogInfoDocument;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * BLF end to end (issue 12): a JAIN-SIP phone subscribes to a Jabber contact with {@code Event: dialog}; the lamp
 * lights busy when the contact goes dnd in a real Prosody (Smack client), idle again when it comes back, and shows
 * the configured lamp for away. Every NOTIFY body is validated against the RFC 4235 schema, versions rise by one.
 */
class BlfIT {

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder()
            .accounts("alice", "bob", "bob2")
            .mutualContacts("alice", "bob", "bob2")
            .mapped("alice").minExpires(1)
            .events(new EventSettings(true, Duration.ZERO, new BlfSettings("generic", true,
                    Optional.of(BlfLamp.HELD), Optional.empty())))
            .build();

    private static final Map<String, String> DIALOG = Map.of("Event", "dialog");

    private static DialogInfoDocument doc(ReceivedNotify n) {
        return DialogInfoDocument.parse(n.body());
    }

    private static Predicate<ReceivedNotify> lamp(String lamp) {
        return n -> n.state().equals("active") && n.contentType().isPresent() && doc(n).lamp().equals(lamp);
    }

    @Test
    void dialogSubscription_lightsBusyWhenTheContactGoesDnd_idleWhenBack_heldWhenAway() {
        SipTestAgent phone = GW.agent(Transport.UDP);
        SubscriptionHandle h = phone.subscribe(sip("bob"), watcher("alice"), 600, DIALOG);
        assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
        long version = doc(phone.awaitNotify("bob offline: idle", TIMEOUT, lamp("idle"))).version();
        XmppTestClient bob = GW.xmpp("bob", "desk");
        bob.setPresence(Show.AVAILABLE, null, 0);
        bob.setPresence(Show.DND, "in a meeting", 0);
        ReceivedNotify busy = phone.awaitNotify("bob dnd: busy", TIMEOUT, lamp("busy"));
        assertEquals("dialog", busy.header("Event").orElseThrow());
        assertEquals("application/dialog-info+xml", busy.contentType().orElseThrow());
        DialogInfoDocument busyDoc = doc(busy);
        assertEquals(sip("bob"), busyDoc.entity());
        assertEquals("full", busyDoc.state());
        assertEquals("confirmed", busyDoc.dialogs().get(0).state());
        long busyVersion = busyDoc.version();
        org.junit.jupiter.api.Assertions.assertTrue(busyVersion > version, "version rises");

        bob.setPresence(Show.AVAILABLE, "back", 0);
        DialogInfoDocument idle = doc(phone.awaitNotify("bob available: idle", TIMEOUT, lamp("idle")));
        assertEquals(busyVersion + 1, idle.version(), "one document per NOTIFY, no gaps");

        bob.setPresence(Show.AWAY, "lunch", 0);
        phone.awaitNotify("bob away: blf.away held", TIMEOUT, lamp("held"));

        bob.goUnavailable();
        phone.awaitNotify("bob offline: idle (blf.unavailable default)", TIMEOUT, lamp("idle"));
        phone.refresh(h, 0, DIALOG);
        assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
        phone.awaitNotify("final NOTIFY", TIMEOUT, n -> n.state().equals("terminated"));
    }

    @Test
    void yealinkPhone_idleIsATerminatedDialog_presenceWatcherOfTheSameContactStillGetsPidf() {
        SipTestAgent phone = GW.agent(Transport.TCP);
        SipTestAgent softphone = GW.agent(Transport.UDP);
        phone.subscribe(sip("bob2"), watcher("alice"), 600, Map.of("Event", "dialog",
                "User-Agent", "Yealink SIP-T54W 96.86.0.100"));
        assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
        softphone.subscribe(sip("bob2"), watcher("alice"), 600, Map.of());
        assertEquals(200, softphone.awaitResponse(TIMEOUT).getStatusCode());
        XmppTestClient bob2 = GW.xmpp("bob2", "desk");
        bob2.setPresence(Show.DND, null, 0);
        phone.awaitNotify("bob2 dnd: busy", TIMEOUT, lamp("busy"));
        softphone.awaitNotify("bob2 dnd in PIDF", TIMEOUT, n -> Watch.hasBody(n) && Watch.shows(n).contains("dnd"));
        bob2.setPresence(Show.CHAT, null, 0);
        DialogInfoDocument idle = doc(phone.awaitNotify("bob2 chat: idle", TIMEOUT, lamp("idle")));
        assertEquals("terminated", idle.dialogs().get(0).state(), "yealink profile chosen by User-Agent");
        assertEquals(Optional.of(sip("bob2")), idle.dialogs().get(0).identity());
    }
}
