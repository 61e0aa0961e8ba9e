package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;

import java.time.Duration;
import org.presencegw.xmpp.Show;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Issue 12, browser phones: JsSIP in headless Chromium subscribes over SIP WebSocket (RFC 7118) to a Jabber
 * contact and sees its status change as the contact, a Smack client, changes presence. Every NOTIFY reaches the
 * browser over its one WebSocket connection (a JsSIP Contact names an unreachable {@code .invalid} host).
 */
class BrowserPhoneIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder()
            .accounts("alice", "bob").mutualContacts("alice", "bob").mapped("alice").websocket().build();

    @Test
    @DisplayName("TRN-08")
    void jssipInChromium_overWs_seesJabberContactGoOnlineAwayOffline() throws Exception {
        try (BrowserPhone phone = BrowserPhone.start("ws://127.0.0.1:" + GW.wsPort(), watcher("alice"),
                sip("bob"))) {
            followBob(phone, "SIP/2.0/WS ");
        }
    }

    @Test
    @DisplayName("TRN-08")
    void jssipInChromium_overWss_seesJabberContactGoOnlineAwayOffline() throws Exception {
        try (BrowserPhone phone = BrowserPhone.start("wss://127.0.0.1:" + GW.wssPort(), watcher("alice"),
                sip("bob"), BrowserPhone.spki(GW.certificate().x509()))) {
            followBob(phone, "SIP/2.0/WSS ");
        }
    }

    /** ACCEPTED, bob offline, then online, away and offline again as he changes presence through Smack. */
    private static void followBob(BrowserPhone phone, String via) throws InterruptedException {
        phone.await("ACCEPTED", WAIT, l -> l.equals("ACCEPTED"));
        phone.await("bob offline", WAIT, l -> l.startsWith("NOTIFY") && l.contains("<basic>closed</basic>"));
        try (XmppTestClient bob = XmppTestClient.login(GW.xmppServer(), "bob", GatewayFixture.PASSWORD, "r1")) {
            bob.setPresence(Show.AVAILABLE, null, 0);
            String open = phone.await("bob online", WAIT, l -> l.startsWith("NOTIFY")
                    && l.contains("<basic>open</basic>"));
            assertTrue(open.contains(via), "over " + via + ": " + open);
            bob.setPresence(Show.AWAY, "at lunch", 0);
            phone.await("bob away", WAIT, l -> l.startsWith("NOTIFY") && l.contains("at lunch"));
        }
        phone.await("bob offline again", WAIT, l -> l.startsWith("NOTIFY") && l.contains("<basic>closed</basic>"));
    }
}
