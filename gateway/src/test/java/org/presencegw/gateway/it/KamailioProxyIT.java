package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.SIP_DOMAIN;
import static org.presencegw.gateway.it.GatewayFixture.USER_DOMAIN;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.activeWith;
import static org.presencegw.gateway.it.Watch.until;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.AgentOptions;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Issue 15, behind a proxy: a real Kamailio in front of the gateway record-routes SUBSCRIBE and adds Path to
 * REGISTER. A watcher subscribes through it, refreshes in-dialog through it (route set from the Record-Route), and
 * gets every NOTIFY through it; a phone registers through it and its registrar presence works; a watcher on the
 * direct path is unaffected.
 */
class KamailioProxyIT {

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder().accounts("alice", "bob")
            .mutualContacts("alice", "bob").mapped("alice").allowUnknownUsers(true).build();

    private static KamailioProxy kamailio;

    @BeforeAll
    static void startProxy() throws Exception {
        kamailio = KamailioProxy.start("127.0.0.1", GW.sipPort(), List.of(SIP_DOMAIN, USER_DOMAIN));
    }

    @AfterAll
    static void stopProxy() {
        if (kamailio != null) {
            kamailio.close();
        }
    }

    /** A UA whose out-of-dialog requests carry a Route to Kamailio, and whose in-dialog ones follow the dialog. */
    private static SipTestAgent behindProxy() {
        return SipTestAgent.start(Transport.UDP, "127.0.0.1", kamailio.port(),
                AgentOptions.defaults().sendingInDialogDirectly());
    }

    private static int topViaPort(Message m) {
        return ((ViaHeader) m.getHeader(ViaHeader.NAME)).getPort();
    }

    @Test
    void watcherThroughProxy_refreshesThroughItAndGetsEveryNotifyThroughIt() {
        try (SipTestAgent alice = behindProxy()) {
            SubscriptionHandle h = alice.subscribe(sip("bob"), watcher("alice"), 300, Map.of());
            Response ok = alice.awaitResponse(TIMEOUT);
            assertEquals(200, ok.getStatusCode(), ok.toString());
            RecordRouteHeader rr = (RecordRouteHeader) ok.getHeader(RecordRouteHeader.NAME);
            assertTrue(rr != null && rr.getAddress().getURI().toString().contains(":" + kamailio.port()),
                    "Kamailio record-routed: " + ok);
            ReceivedNotify first = until(alice, "bob offline", activeWith("closed"));
            assertEquals(kamailio.port(), topViaPort(first.request()), "NOTIFY through Kamailio: " + first.request());

            alice.refresh(h, 300);
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            ReceivedNotify afterRefresh = until(alice, "NOTIFY after the refresh", activeWith("closed"));
            assertEquals(kamailio.port(), topViaPort(afterRefresh.request()));
            assertTrue(kamailio.log().contains("in-dialog SUBSCRIBE"), "the refresh went through Kamailio: "
                    + kamailio.log());

            XmppTestClient bob = GW.xmpp("bob", "r1");
            bob.setPresence(Show.AVAILABLE, null, 0);
            ReceivedNotify open = until(alice, "bob online", activeWith("open"));
            assertEquals(kamailio.port(), topViaPort(open.request()));
        }
    }

    @Test
    void phoneRegistersThroughProxy_pathAdded_registrarPresenceReachesWatcher() {
        try (SipTestAgent watcher = behindProxy(); SipTestAgent phone = behindProxy()) {
            watcher.subscribe("sip:carol@" + USER_DOMAIN, "sip:watcher@" + USER_DOMAIN, 300, Map.of());
            assertEquals(200, watcher.awaitResponse(TIMEOUT).getStatusCode());
            until(watcher, "carol offline", activeWith("closed"));

            String aor = "sip:carol@" + USER_DOMAIN;
            phone.send(Request.REGISTER, "sip:" + USER_DOMAIN, Map.of("To", "<" + aor + ">", "From",
                    "<" + aor + ">;tag=regcarol", "Contact", "<sip:carol@127.0.0.1:" + phone.port() + ">",
                    "Expires", "120", "Supported", "path"), Optional.empty());
            Response ok = phone.awaitResponse(TIMEOUT);
            assertEquals(200, ok.getStatusCode(), ok.toString());
            assertTrue(ok.getHeader("Path") != null && ok.getHeader("Path").toString().contains(":"
                    + kamailio.port()), "Kamailio's Path, stored and returned (RFC 3327): " + ok);

            until(watcher, "carol registered", activeWith("open"));
        }
    }

    @Test
    void directWatcher_unaffectedByTheProxy() {
        try (SipTestAgent direct = GW.agent(Transport.UDP)) {
            direct.subscribe(sip("bob"), watcher("alice"), 300, Map.of());
            Response ok = direct.awaitResponse(TIMEOUT);
            assertEquals(200, ok.getStatusCode());
            assertNull(ok.getHeader(RecordRouteHeader.NAME));
            ReceivedNotify n = direct.awaitNotify(TIMEOUT);
            assertEquals(GW.sipPort(), topViaPort(n.request()), "straight from the gateway");
        }
    }
}
