package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.util.Map;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

class PresenceServerSubscribeIT {

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

    @Test
    @DisplayName("PIDF-03, PRS-01, SUB-08, SUB-09, SUB-14, UAS-09: SUB-02")
    void subscribe_knownState_okThenActiveNotifyWithPidf() {
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "at desk"));
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, Map.of());
        Response ok = agent.awaitResponse(WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals(100, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
        assertNotNull(((ToHeader) ok.getHeader(ToHeader.NAME)).getTag());
        assertNotNull(ok.getHeader(ContactHeader.NAME));
        ReceivedNotify n = agent.awaitNotify(WAIT);
        assertEquals("active", n.state());
        assertTrue(n.expires().getAsInt() <= 100 && n.expires().getAsInt() >= 98, n.subscriptionState());
        assertEquals("application/pidf+xml", n.contentType().orElseThrow());
        assertTrue(n.body().contains("<basic>open</basic>"), n.body());
        assertTrue(n.body().contains("entity=\"sip:bob@example.com\""), n.body());
        assertEquals(h.callId(), n.callId());
        assertEquals("presence", n.header("Event").orElseThrow());
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("SUB-04")
    void subscribe_noExpires_defaultGranted() {
        agent.subscribe(BOB, ALICE, null, Map.of());
        Response ok = agent.awaitResponse(WAIT);
        assertEquals(60, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
        ReceivedNotify n = agent.awaitNotify(WAIT);
        assertEquals("active", n.state());
        assertEquals("", n.body());
        assertTrue(n.contentType().isEmpty());
    }

    @Test
    @DisplayName("SUB-03")
    void subscribe_expiresAboveMax_loweredToMax() {
        agent.subscribe(BOB, ALICE, 86400, Map.of());
        Response ok = agent.awaitResponse(WAIT);
        assertEquals(120, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
    }

    @Test
    @DisplayName("SUB-05")
    void subscribe_expiresBelowMin_423WithMinExpires() {
        agent.subscribe(BOB, ALICE, 1, Map.of());
        Response r = agent.awaitResponse(WAIT);
        assertEquals(423, r.getStatusCode());
        assertNotNull(r.getHeader("Min-Expires"));
        assertEquals(0, fx.server.activeSubscriptions());
        assertTrue(fx.source.watchers.isEmpty());
    }

    @Test
    @DisplayName("SUB-18, UAS-09: SUB-08")
    void refresh_existingDialog_okAndNotifyWithCseqPlusOne() {
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, Map.of());
        agent.awaitResponse(WAIT);
        ReceivedNotify first = agent.awaitNotify(WAIT);
        agent.refresh(h, 50);
        Response ok = agent.awaitResponse(WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals(50, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
        ReceivedNotify second = agent.awaitNotify(WAIT);
        assertEquals(first.cseq() + 1, second.cseq());
        assertTrue(second.expires().getAsInt() <= 50);
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("SUB-06")
    void refresh_tooShort_423AndSubscriptionStays() {
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, Map.of());
        agent.awaitResponse(WAIT);
        agent.awaitNotify(WAIT);
        agent.refresh(h, 1);
        assertEquals(423, agent.awaitResponse(WAIT).getStatusCode());
        fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "gone"));
        ReceivedNotify n = agent.awaitNotify(WAIT);
        assertEquals("active", n.state());
        assertTrue(n.body().contains("closed"));
    }

    @Test
    @DisplayName("SUB-10: AZ-06, SUB-12")
    void unsubscribe_expiresZero_okThenTerminatedTimeoutAndRelease() throws Exception {
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, Map.of());
        agent.awaitResponse(WAIT);
        agent.awaitNotify(WAIT);
        agent.unsubscribe(h);
        Response ok = agent.awaitResponse(WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals(0, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
        ReceivedNotify n = agent.awaitNotify(WAIT);
        assertEquals("terminated", n.state());
        assertEquals("timeout", n.reason().orElseThrow());
        assertTrue(n.expires().isEmpty());
        assertTrue(n.body().contains("open"));
        assertEquals(fx.source.viewOf(BOB), fx.source.releases.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("SUB-08: AZ-07")
    void fetch_expiresZeroOutOfDialog_okZeroAndOneTerminatedNotify() throws Exception {
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        agent.subscribe(BOB, ALICE, 0, Map.of());
        Response ok = agent.awaitResponse(WAIT);
        assertEquals(0, ((ExpiresHeader) ok.getHeader(ExpiresHeader.NAME)).getExpires());
        ReceivedNotify n = agent.awaitNotify(WAIT);
        assertEquals("terminated", n.state());
        assertEquals("timeout", n.reason().orElseThrow());
        assertTrue(n.body().contains("open"));
        assertNotNull(fx.source.releases.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("SUB-13: SUB-11")
    void expiry_noRefresh_terminatedTimeoutThen481OnRefresh() {
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 2, Map.of());
        agent.awaitResponse(WAIT);
        assertEquals("active", agent.awaitNotify(WAIT).state());
        ReceivedNotify n = agent.awaitNotify(WAIT);
        assertEquals("terminated", n.state());
        assertEquals("timeout", n.reason().orElseThrow());
        agent.refresh(h, 60);
        assertEquals(481, agent.awaitResponse(WAIT).getStatusCode());
    }
}
