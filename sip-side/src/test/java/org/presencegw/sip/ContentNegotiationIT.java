package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * Accept negotiation for presence (issue 12; CONFORMANCE PRS-02, SUB-15) through a real JAIN-SIP UA: cpim-pidf
 * alone gets the PIDF document under that type (Cisco), a list gets the first type we produce in the watcher's
 * order, nothing acceptable 406, no Accept PIDF (never 489).
 */
class ContentNegotiationIT {

    private ServerFixture fx;
    private SipTestAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        agent = fx.agent(Transport.UDP);
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "at desk"));
    }

    @AfterEach
    void tearDown() {
        agent.close();
        fx.close();
    }

    private ReceivedNotify subscribe(Map<String, String> headers) {
        agent.subscribe(BOB, ALICE, 60, headers);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        return agent.awaitNotify(WAIT);
    }

    @Test
    void acceptCpimPidfAlone_pidfDocumentUnderCpimType() {
        ReceivedNotify n = subscribe(Map.of("Accept", "application/cpim-pidf+xml"));
        assertEquals("application/cpim-pidf+xml", n.contentType().orElseThrow());
        assertTrue(n.body().contains("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""), n.body());
        assertTrue(n.body().contains("<basic>open</basic>"), n.body());
        fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "gone"));
        ReceivedNotify change = agent.awaitNotify(WAIT);
        assertEquals("application/cpim-pidf+xml", change.contentType().orElseThrow(), "every NOTIFY of it");
        assertTrue(change.body().contains("<basic>closed</basic>"), change.body());
    }

    @Test
    void acceptList_firstWeProduceInTheWatchersOrder() {
        assertEquals("application/cpim-pidf+xml", subscribe(Map.of("Accept",
                "application/xpidf+xml, application/cpim-pidf+xml, application/pidf+xml")).contentType()
                .orElseThrow());
        assertEquals("application/pidf+xml", subscribe(Map.of("Accept",
                "application/cpim-pidf+xml;q=0.4, application/pidf+xml;q=0.8")).contentType().orElseThrow());
    }

    @Test
    void acceptNothingWeProduce_406() {
        agent.subscribe(BOB, ALICE, 60, Map.of("Accept", "application/xpidf+xml, text/plain"));
        assertEquals(406, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    void noAccept_pidf_never489() {
        ReceivedNotify n = subscribe(Map.of("Accept", ""));
        assertEquals("application/pidf+xml", n.contentType().orElseThrow());
    }
}
