package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/** Error answers of the presence server (RFC 3261 8.2, RFC 6665 4.2.1.1). */
class PresenceServerErrorIT {

    private ServerFixture fx;
    private SipTestAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        agent = fx.agent(Transport.UDP);
    }

    @AfterEach
    void tearDown() {
        fx.close();
        agent.close();
    }

    private Response subscribeWith(String uri, Map<String, String> headers) {
        agent.subscribe(uri, ALICE, 60, headers);
        return agent.awaitResponse(WAIT);
    }

    /** Every value of a header, joined. */
    static String all(Response r, String name) {
        StringBuilder sb = new StringBuilder();
        ListIterator<?> headers = r.getHeaders(name);
        headers.forEachRemaining(h -> sb.append(h).append(' '));
        return sb.toString();
    }

    @Test
    @DisplayName("SUB-01")
    void subscribe_unknownEvent_489WithAllowEvents() {
        Response r = subscribeWith(BOB, Map.of("Event", "foo"));
        assertEquals(489, r.getStatusCode());
        assertTrue(r.getHeader("Allow-Events").toString().contains("presence"));
    }

    @Test
    @DisplayName("SUB-01")
    void subscribe_noEvent_489() {
        assertEquals(489, subscribeWith(BOB, Map.of("Event", "")).getStatusCode());
    }

    @Test
    @DisplayName("PRS-01")
    void subscribe_eventWithParams_accepted() {
        assertEquals(200, subscribeWith(BOB, Map.of("Event", "presence;foo=bar")).getStatusCode());
    }

    @Test
    @DisplayName("SUB-15")
    void subscribe_acceptTextPlainOnly_406() {
        assertEquals(406, subscribeWith(BOB, Map.of("Accept", "text/plain")).getStatusCode());
    }

    @Test
    @DisplayName("PRS-02")
    void subscribe_acceptApplicationWildcard_accepted() {
        assertEquals(200, subscribeWith(BOB, Map.of("Accept", "application/*")).getStatusCode());
    }

    @Test
    @DisplayName("MAP-08")
    void subscribe_domainNotServed_404() {
        assertEquals(404, subscribeWith("sip:bob@elsewhere.example", Map.of()).getStatusCode());
    }

    @Test
    @DisplayName("SUB-20")
    void subscribe_sourceRefuses_thatStatus() {
        fx.source.refuse("carol", 403, "Forbidden");
        assertEquals(403, subscribeWith("sip:carol@example.com", Map.of()).getStatusCode());
        assertEquals(0, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("UAS-05")
    void subscribe_requireUnknown_420WithUnsupported() {
        Response r = subscribeWith(BOB, Map.of("Require", "foo"));
        assertEquals(420, r.getStatusCode());
        assertTrue(r.getHeader("Unsupported").toString().contains("foo"));
    }

    @Test
    @DisplayName("UAS-06")
    void subscribe_telUri_416() {
        agent.send("SUBSCRIBE", "tel:+123", Map.of("Event", "presence"), Optional.empty());
        assertEquals(416, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    @DisplayName("PRS-03")
    void subscribe_withFilterBody_415WithAccept() {
        agent.send("SUBSCRIBE", BOB, Map.of("Event", "presence", "Content-Type", "application/x-filter"),
                Optional.of("<filter/>"));
        Response r = agent.awaitResponse(WAIT);
        assertEquals(415, r.getStatusCode());
        assertTrue(r.getHeader("Accept").toString().contains("application/pidf+xml"));
    }

    @Test
    @DisplayName("SUB-13")
    void refresh_unknownDialog_481() {
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 60, Map.of());
        agent.awaitResponse(WAIT);
        agent.awaitNotify(WAIT);
        h.forceRemoteTag("bogus");
        agent.refresh(h, 60);
        assertEquals(481, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    @DisplayName("UAS-08")
    void refresh_lowerCseq_500() {
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 60, Map.of());
        agent.awaitResponse(WAIT);
        agent.awaitNotify(WAIT);
        h.forceCseq(10);
        agent.refresh(h, 60);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        agent.awaitNotify(WAIT);
        h.forceCseq(4);
        agent.refresh(h, 60);
        assertEquals(500, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    @DisplayName("UAS-03")
    void invite_knownUnservedMethod_405WithAllow() {
        agent.send("INVITE", BOB, Map.of(), Optional.empty());
        Response r = agent.awaitResponse(WAIT);
        assertEquals(405, r.getStatusCode());
        String allow = all(r, "Allow");
        assertTrue(allow.contains("SUBSCRIBE") && allow.contains("OPTIONS"), allow);
    }

    @Test
    @DisplayName("UAS-03")
    void message_knownUnservedMethod_405() {
        agent.send("MESSAGE", BOB, Map.of(), Optional.empty());
        assertEquals(405, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    @DisplayName("UAS-04")
    void unknownMethod_501() {
        agent.send("FOO", BOB, Map.of(), Optional.empty());
        assertEquals(501, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    @DisplayName("PUB-12, UAS-10: SUB-19")
    void options_anyUri_200WithAllowAllowEventsAccept() {
        agent.options(BOB);
        Response r = agent.awaitResponse(WAIT);
        assertEquals(200, r.getStatusCode());
        assertTrue(all(r, "Allow").contains("SUBSCRIBE"));
        assertTrue(r.getHeader("Allow-Events").toString().contains("presence"));
        assertNotNull(r.getHeader("Accept"));
    }
}
