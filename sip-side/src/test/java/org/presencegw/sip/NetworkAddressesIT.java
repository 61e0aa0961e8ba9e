package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.presencegw.sip.NetworkFixture.ALICE;
import static org.presencegw.sip.NetworkFixture.BOB;
import static org.presencegw.sip.NetworkFixture.WAIT;
import static org.presencegw.sip.NetworkFixture.contactHostPort;
import static org.presencegw.sip.NetworkFixture.viaHostPort;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.message.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.AgentOptions;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/**
 * Issue 15, addresses: whatever the gateway listens on (a wildcard, a list, IPv6), the 200 to SUBSCRIBE and every
 * NOTIFY name the concrete address the watcher's request arrived on, or the advertised one; never 0.0.0.0 or ::.
 * The watchers are "direct" agents: their refresh goes to the Contact they were given, as a phone's does.
 */
class NetworkAddressesIT {

    /**
     * Subscribes from {@code local} to {@code serverHost}, checks Contact and NOTIFY Via name {@code expected},
     * refreshes in-dialog through that Contact, and sees a NOTIFY after a change.
     */
    private static void subscribeRefreshNotify(NetworkFixture fx, Transport t, String local, String serverHost,
                                               String expected) {
        try (SipTestAgent agent = SipTestAgent.start(t, serverHost, fx.port(t),
                AgentOptions.defaults().bind(local).sendingInDialogDirectly())) {
            SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, Map.of());
            Response ok = agent.awaitResponse(WAIT);
            assertEquals(200, ok.getStatusCode());
            String hostPort = expected + ":" + fx.port(t);
            assertEquals(hostPort, contactHostPort(ok), "Contact of the 200 over " + t);
            assertEquals(t.wire(), ((SipURI) ((ContactHeader) ok.getHeader(ContactHeader.NAME)).getAddress()
                    .getURI()).getTransportParam());
            ReceivedNotify first = agent.awaitNotify(WAIT);
            assertEquals(hostPort, contactHostPort(first.request()), "Contact of the NOTIFY");
            assertEquals(hostPort, viaHostPort(first.request()), "Via of the NOTIFY");
            agent.refresh(h, 100);
            assertEquals(200, agent.awaitResponse(WAIT).getStatusCode(), "refresh sent to our Contact");
            ServerDiagnostics.explained(fx.server, () -> agent.awaitNotify(WAIT));
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "gone"));
            ReceivedNotify change = ServerDiagnostics.explained(fx.server,
                    () -> agent.awaitNotify("closed", WAIT, n -> n.body().contains("closed")));
            assertEquals(hostPort, viaHostPort(change.request()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UDP", "TCP"})
    @DisplayName("TRN-10")
    void wildcardIpv4_contactAndViaNameTheLoopbackAddress_refreshReachesIt(Transport t) throws Exception {
        try (NetworkFixture fx = NetworkFixture.listening("0.0.0.0")) {
            subscribeRefreshNotify(fx, t, "127.0.0.1", "127.0.0.1", "127.0.0.1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UDP", "TCP"})
    @DisplayName("TRN-09")
    void wildcardIpv6_ipv6WatcherGetsIpv6ReferenceAndItsNotifies(Transport t) throws Exception {
        try (NetworkFixture fx = NetworkFixture.listening("::")) {
            subscribeRefreshNotify(fx, t, "::1", "::1", "[::1]");
            subscribeRefreshNotify(fx, t, "127.0.0.1", "127.0.0.1", "127.0.0.1");
        }
    }

    @Test
    @DisplayName("TRN-09 TRN-10")
    void listenList_eachWatcherGetsTheAddressItSentTo() throws Exception {
        try (NetworkFixture fx = NetworkFixture.listening("127.0.0.1", "127.0.0.2", "::1")) {
            subscribeRefreshNotify(fx, Transport.UDP, "127.0.0.2", "127.0.0.2", "127.0.0.2");
            subscribeRefreshNotify(fx, Transport.TCP, "127.0.0.2", "127.0.0.2", "127.0.0.2");
            subscribeRefreshNotify(fx, Transport.UDP, "127.0.0.1", "127.0.0.1", "127.0.0.1");
            subscribeRefreshNotify(fx, Transport.UDP, "::1", "::1", "[::1]");
        }
    }

    @Test
    @DisplayName("TRN-10")
    void advertise_contactAndViaNameTheAdvertisedHostAndPort() throws Exception {
        try (NetworkFixture fx = new NetworkFixture(List.of("0.0.0.0"), List.of(Transport.UDP),
                Optional.of(new Advertised("sip.example.test", OptionalInt.of(5999))), Optional.empty());
             SipTestAgent agent = SipTestAgent.start(Transport.UDP, "127.0.0.1", fx.port(Transport.UDP))) {
            agent.subscribe(BOB, ALICE, 100, Map.of());
            Response ok = agent.awaitResponse(WAIT);
            assertEquals("sip.example.test:5999", contactHostPort(ok));
            ReceivedNotify n = agent.awaitNotify(WAIT);
            assertEquals("sip.example.test:5999", contactHostPort(n.request()));
            assertEquals("sip.example.test:5999", viaHostPort(n.request()));
            assertFalse(n.request().toString().contains("0.0.0.0"), n.request().toString());
        }
    }
}
