package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.RawUdpPeer.header;
import static org.presencegw.sip.RawUdpPeer.responses;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.testing.DigestAnswers;

/**
 * REGISTER and PUBLISH are answered without a server transaction; the dispatcher keeps each final answer 32 s and
 * gives it again to a retransmission (same branch), which is not handled a second time: a copy of a REGISTER is
 * not refused for its equal CSeq, a copy of an authenticated one not for its used nonce-count, and a copy of an
 * initial PUBLISH does not create a second publication.
 */
class RegistrarRetransmissionIT {

    private static final Duration QUIET = Duration.ofMillis(700);

    private RegistrarServerFixture f;
    private RawUdpPeer peer;

    @BeforeEach
    void setUp() throws Exception {
        f = new RegistrarServerFixture(RegistrarServerFixture.directory(Map.of("bob", "bob-secret"), Set.of("alice"),
                false));
        peer = new RawUdpPeer(f.server.port());
    }

    @AfterEach
    void tearDown() {
        peer.close();
        f.close();
    }

    @Test
    @DisplayName("REG-09")
    void registerSentTwice_sameAnswerTwice_handledOnce() {
        String register = register("alice", "r1", 1, null);
        peer.sendTwice(register);
        List<String> got = peer.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), "a copy must not fail for its equal CSeq:\n" + String.join("\n---\n", got));
        assertEquals(header(oks.get(0), "To"), header(oks.get(1), "To"));
        assertEquals(header(oks.get(0), "Contact"), header(oks.get(1), "Contact"));
        // Same Call-ID and CSeq in a new transaction (new branch) is not a retransmission: RFC 3261 10.3 step 7.
        peer.send(register("alice", "r2", 1, null));
        assertEquals(1, responses(peer.collect(QUIET), 500).size());
    }

    @Test
    void authenticatedRegisterSentTwice_bothOk_notANonceCountReplay() {
        peer.send(register("bob", "r1", 1, null));
        List<String> challenge = responses(peer.collect(QUIET), 401);
        assertEquals(1, challenge.size());
        String www = header(challenge.get(0), "WWW-Authenticate").orElseThrow();
        String auth = DigestAnswers.authorization(www, "bob", "bob-secret", Request.REGISTER,
                RegistrarServerFixture.REGISTRAR_URI, "00000001");
        peer.sendTwice(register("bob", "r2", 2, auth));
        List<String> got = peer.collect(QUIET);
        assertEquals(2, responses(got, 200).size(), String.join("\n---\n", got));
    }

    @Test
    void initialPublishSentTwice_sameEtagTwice() {
        String body = PidfBodies.open("alice");
        String publish = "PUBLISH sip:alice@reg.example SIP/2.0\r\n"
                + via("p1")
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@reg.example>;tag=p1\r\n"
                + "To: <sip:alice@reg.example>\r\n"
                + "Call-ID: " + peer.callId + "\r\n"
                + "CSeq: 1 PUBLISH\r\n"
                + "Event: presence\r\n"
                + "Expires: 60\r\n"
                + "Content-Type: application/pidf+xml\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
        peer.sendTwice(publish);
        List<String> got = peer.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), String.join("\n---\n", got));
        String etag = header(oks.get(0), "SIP-ETag").orElseThrow();
        assertEquals(etag, header(oks.get(1), "SIP-ETag").orElseThrow());
        assertTrue(!etag.isBlank());
    }

    private String register(String user, String branch, long cseq, String authorization) {
        return "REGISTER sip:reg.example SIP/2.0\r\n"
                + via(branch)
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@reg.example>;tag=r1\r\n"
                + "To: <sip:" + user + "@reg.example>\r\n"
                + "Call-ID: " + peer.callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:" + peer.port() + ">\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private String via(String branch) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + peer.port() + ";branch=z9hG4bK" + branch + peer.callId.hashCode()
                + ";rport\r\n";
    }
}
