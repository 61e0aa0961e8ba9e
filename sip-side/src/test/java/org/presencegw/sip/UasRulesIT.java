package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/** Generic UAS rules of RFC 3261 on every kind of answer, with a real JAIN-SIP UA. */
class UasRulesIT {

    private ServerFixture fx;
    private SipTestAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        fx.source.refuse("carol", 403, "Forbidden");
        agent = fx.agent(Transport.UDP);
    }

    @AfterEach
    void tearDown() {
        agent.close();
        fx.close();
    }

    @Test
    @DisplayName("UAS-02: every error answer carries a To tag (SUBSCRIBE errors, 405, 501, 416)")
    void everyErrorAnswer_hasToTag() {
        Map<String, Integer> statusByCase = new LinkedHashMap<>();
        statusByCase.put("489 unknown event", expect(() -> agent.subscribe(BOB, ALICE, 60, Map.of("Event", "foo"))));
        statusByCase.put("406 accept", expect(() -> agent.subscribe(BOB, ALICE, 60, Map.of("Accept", "text/plain"))));
        statusByCase.put("404 domain", expect(() -> agent.subscribe("sip:x@nowhere.example", ALICE, 60, Map.of())));
        statusByCase.put("420 require", expect(() -> agent.subscribe(BOB, ALICE, 60, Map.of("Require", "foo"))));
        statusByCase.put("423 brief", expect(() -> agent.subscribe(BOB, ALICE, 1, Map.of())));
        statusByCase.put("403 refused", expect(() -> agent.subscribe("sip:carol@example.com", ALICE, 60, Map.of())));
        statusByCase.put("416 tel", expect(() -> agent.send("SUBSCRIBE", "tel:+123", Map.of("Event", "presence"),
                Optional.empty())));
        statusByCase.put("405 invite", expect(() -> agent.send("INVITE", BOB, Map.of(), Optional.empty())));
        statusByCase.put("501 foo", expect(() -> agent.send("FOO", BOB, Map.of(), Optional.empty())));
        statusByCase.forEach((what, status) -> assertEquals(Integer.parseInt(what.substring(0, 3)), status, what));
    }

    @Test
    @DisplayName("UAS-02: 481 to a refresh of an unknown dialog keeps the request's To tag")
    void unknownDialog_481_keepsTheRequestsTag() {
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 60, Map.of());
        agent.awaitResponse(WAIT);
        agent.awaitNotify(WAIT);
        h.forceRemoteTag("bogus");
        agent.refresh(h, 60);
        Response r = agent.awaitResponse(WAIT);
        assertEquals(481, r.getStatusCode());
        assertEquals("bogus", ((ToHeader) r.getHeader(ToHeader.NAME)).getTag());
    }

    @Test
    @DisplayName("UAS-06: sips: over UDP (no TLS hop) is 416")
    void sipsRequestUri_overUdp_416WithToTag() {
        Response r = send(() -> agent.send("SUBSCRIBE", "sips:bob@example.com", Map.of("Event", "presence"),
                Optional.empty()));
        assertEquals(416, r.getStatusCode());
        assertNotNull(((ToHeader) r.getHeader(ToHeader.NAME)).getTag());
    }

    @Test
    @DisplayName("UAS-05: OPTIONS with an unknown Require is 420 + Unsupported (two tags: TortureIT bext01)")
    void optionsWithRequire_420WithUnsupported() {
        Response r = send(() -> agent.send("OPTIONS", BOB, Map.of("Require", "foo"), Optional.empty()));
        assertEquals(420, r.getStatusCode());
        String unsupported = PresenceServerErrorIT.all(r, "Unsupported");
        assertTrue(unsupported.contains("foo"), unsupported);
    }

    @Test
    @DisplayName("UAS-10: OPTIONS without Require is still 200")
    void optionsWithoutRequire_200() {
        assertEquals(200, send(() -> agent.options(BOB)).getStatusCode());
    }

    private Response send(Runnable request) {
        request.run();
        return agent.awaitResponse(WAIT);
    }

    /** Sends, asserts the answer has a To tag, returns its status. */
    private int expect(Runnable request) {
        Response r = send(request);
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        assertNotNull(to.getTag(), r.getStatusCode() + " without To tag");
        return r.getStatusCode();
    }
}
