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
import org.jivesoftware.smack.roster.Roster;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.SubscriptionHandle;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;
import org.presencegw.xmpp.testing.XmppTestServer;

/**
 * The XMPP server goes away mid-subscription (stopped, or killed): the watcher is told the state is unknown (a NOTIFY
 * without body, RFC 8048 5.3.2), never a made-up "closed"; once the server is back the account reconnects and the
 * watcher gets the contact's true state again without re-subscribing: offline from the server's probe answer
 * (Prosody) or after the grace period (ejabberd sends none), then live. Also: with no bridge account, an unmapped
 * watcher is refused. On each server: {@link XmppServerRestartProsodyIT}, {@link XmppServerRestartEjabberdIT}.
 */
abstract class XmppServerRestartIT {
    /** Fresh per test: the outage tests stop or kill the server. */
    static GatewayFixture fixture(XmppServerKind kind) {
        return GatewayFixture.builder().server(kind)
                .accounts("alice", "bob").mutualContacts("alice", "bob")
                .mapped("alice").minExpires(1)
                .perTest()
                .build();
    }

    abstract GatewayFixture gw();

    @Test
    @DisplayName("AZ-05: XP-11")
    void serverStopped_watcherGetsUnknownThenRealStateAgain() {
        outage_watcherGetsUnknownThenRealStateAgain(XmppTestServer::stop);
    }

    @Test
    @DisplayName("AZ-05: XP-11")
    void serverKilled_watcherGetsUnknownThenRealStateAgain() {
        outage_watcherGetsUnknownThenRealStateAgain(XmppTestServer::kill);
    }

    private void outage_watcherGetsUnknownThenRealStateAgain(Consumer<XmppTestServer> outage) {
        GatewayFixture gw = gw();
        try (SipTestAgent alice = gw.agent(Transport.UDP)) {
            XmppTestClient bob = gw.xmpp("bob", "r1");
            try {
                bob.setPresence(Show.AWAY, "back soon", 0);
                alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
                assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
                until(alice, "bob away", activeWith("open"));

                outage.accept(gw.xmppServer());
                ReceivedNotify unknown = until(alice, "state unknown while XMPP is down",
                        n -> n.state().equals("active") && !Watch.hasBody(n));
                assertTrue(unknown.contentType().isEmpty(), "no body, no Content-Type");
            } finally {
                bob.close();
            }

            gw.xmppServer().start();
            try (XmppTestClient bobAgain = gw.xmpp("bob", "r2")) {
                // Before bob is back, the reconnected account learns he is offline (probe answer or grace) ...
                until(alice, "bob offline after reconnect", activeWith("closed"));
                bobAgain.setPresence(Show.DND, "busy again", 0);
                // ... and then follows him live again.
                ReceivedNotify back = until(alice, "bob dnd after reconnect", n -> activeWith("open").test(n)
                        && Watch.shows(n).equals(List.of("dnd")));
                assertEquals(List.of("ID-r2"), Watch.tupleIds(back));
            }
        }
    }

    @Test
    @DisplayName("XMPP-02: AZ-06")
    void mappedAccount_isAvailableWithPriorityMinusOne_onlyWhileItsSipUserWatches() throws Exception {
        try (XmppTestClient bob = gw().xmpp("bob", "r1")) {
            Roster roster = Roster.getInstanceFor(bob.connection());
            bob.setPresence(Show.AVAILABLE, null, 0);
            EntityFullJid gatewayResource = JidCreate.entityFullFrom("alice@jabber.test/sip-gateway");
            // Time passes on purpose: alice stays unavailable for 2 s (during), not merely at one instant.
            Awaiting.within(Duration.ofSeconds(5), "alice must not look online just because the gateway runs")
                    .during(Duration.ofSeconds(2))
                    .until(() -> !roster.getPresenceResource(gatewayResource).isAvailable());
            try (SipTestAgent alice = gw().agent(Transport.UDP)) {
                SubscriptionHandle h = alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
                assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
                Awaiting.within(TIMEOUT, "watching: alice's gateway resource is available with priority -1")
                        .until(() -> roster.getPresenceResource(gatewayResource),
                                p -> p.isAvailable() && p.getPriority() == -1);
                alice.unsubscribe(h);
                assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
                Awaiting.within(TIMEOUT, "no longer watching: unavailable again")
                        .until(() -> !roster.getPresenceResource(gatewayResource).isAvailable());
            }
        }
    }

    @Test
    @DisplayName("PRS-04, SEC-01, SEC-02, SUB-20")
    void unmappedWatcherWithoutBridge_isForbidden() {
        try (SipTestAgent eve = gw().agent(Transport.UDP)) {
            eve.subscribe(sip("bob"), watcher("eve"), null, Map.of());
            assertEquals(403, eve.awaitResponse(TIMEOUT).getStatusCode());
        }
    }
}
