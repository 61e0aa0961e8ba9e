package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.RegistrarServerFixture.ALICE;
import static org.presencegw.sip.RegistrarServerFixture.BOB;
import static org.presencegw.sip.RegistrarServerFixture.REGISTRAR_URI;
import static org.presencegw.sip.RegistrarServerFixture.WAIT;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.testing.DigestAnswers;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/** Digest authentication and registrar-domain authorisation over a real stack (REG-03, SUB-21, SEC-04). */
class PresenceServerAuthIT {

    private static final String CONTACT = "<sip:bob@127.0.0.1:5999>";

    private RegistrarServerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new RegistrarServerFixture(RegistrarServerFixture.directory(
                Map.of("bob", "bob-secret", "alice", "alice-secret"), Set.of("carol"), false));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Response challenge(String aor) {
        Response r = f.register(aor, Map.of("Contact", CONTACT));
        assertEquals(401, r.getStatusCode(), r.toString());
        return r;
    }

    @Test
    @DisplayName("REG-03")
    void register_protectedUserWithoutCredentials_401ThenWithCredentials200() {
        Response first = challenge(BOB);
        List<String> challenges = DigestAnswers.challenges(first);
        assertEquals(2, challenges.size(), challenges.toString());
        assertTrue(challenges.get(0).contains("algorithm=SHA-256"), challenges.toString());
        assertTrue(challenges.get(1).contains("algorithm=MD5"), challenges.toString());
        assertEquals("reg.example", DigestAnswers.param(challenges.get(0), "realm"));
        String auth = DigestAnswers.authorization(first, "bob", "bob-secret", Request.REGISTER, REGISTRAR_URI);
        Response ok = f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth));
        assertEquals(200, ok.getStatusCode(), ok.toString());
    }

    @Test
    void register_md5Credentials_200() {
        String md5 = DigestAnswers.challenges(challenge(BOB)).get(1);
        String auth = DigestAnswers.authorization(md5, "bob", "bob-secret", Request.REGISTER, REGISTRAR_URI,
                "00000001");
        assertEquals(200, f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth)).getStatusCode());
    }

    @Test
    void register_wrongPassword_401Again() {
        String auth = DigestAnswers.authorization(challenge(BOB), "bob", "wrong", Request.REGISTER, REGISTRAR_URI);
        Response again = f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth));
        assertEquals(401, again.getStatusCode());
        assertFalse(DigestAnswers.challenges(again).get(0).contains("stale=true"));
    }

    @Test
    void register_credentialsAfterNonceLifetime_401StaleTrue() {
        Response first = challenge(BOB);
        f.clock.advance(Duration.ofSeconds(301));
        String auth = DigestAnswers.authorization(first, "bob", "bob-secret", Request.REGISTER, REGISTRAR_URI);
        Response stale = f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth));
        assertEquals(401, stale.getStatusCode());
        assertTrue(DigestAnswers.challenges(stale).get(0).contains("stale=true"), stale.toString());
        String fresh = DigestAnswers.authorization(stale, "bob", "bob-secret", Request.REGISTER, REGISTRAR_URI);
        assertEquals(200, f.register(BOB, Map.of("Contact", CONTACT, "Authorization", fresh)).getStatusCode());
    }

    @Test
    void register_replayedNonceCount_403() {
        String auth = DigestAnswers.authorization(challenge(BOB), "bob", "bob-secret", Request.REGISTER,
                REGISTRAR_URI);
        assertEquals(200, f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth)).getStatusCode());
        assertEquals(403, f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth)).getStatusCode());
    }

    @Test
    @DisplayName("REG-03")
    void register_authenticatedAsAnotherUser_403() {
        String auth = DigestAnswers.authorization(challenge(BOB), "alice", "alice-secret", Request.REGISTER,
                REGISTRAR_URI);
        assertEquals(403, f.register(BOB, Map.of("Contact", CONTACT, "Authorization", auth)).getStatusCode());
    }

    @Test
    void register_unknownUserWhenUnknownNotAllowed_403() {
        Response r = f.register("sip:mallory@reg.example", Map.of("Contact", "<sip:mallory@127.0.0.1:5999>"));
        assertEquals(403, r.getStatusCode(), r.toString());
    }

    @Test
    void register_knownUserWithoutPassword_200WithoutChallenge() {
        Response r = f.register("sip:carol@reg.example", Map.of("Contact", "<sip:carol@127.0.0.1:5999>"));
        assertEquals(200, r.getStatusCode(), r.toString());
    }

    @Test
    @DisplayName("SEC-04: SUB-21")
    void subscribe_protectedWatcher_401ThenWithCredentials200AndNotify() {
        try (SipTestAgent watcher = f.watcher()) {
            watcher.subscribe(BOB, ALICE, 60, Map.of());
            Response first = watcher.awaitResponse(WAIT);
            assertEquals(401, first.getStatusCode(), "SUB-21: 401, not 407");
            assertTrue(DigestAnswers.challenges(first).size() >= 1);
            String auth = DigestAnswers.authorization(first, "alice", "alice-secret", Request.SUBSCRIBE, BOB);
            watcher.subscribe(BOB, ALICE, 60, Map.of("Authorization", auth));
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
            assertTrue(watcher.awaitNotify(WAIT).body().contains("<basic>closed</basic>"));
        }
    }

    @Test
    void subscribe_protectedWatcherWrongPassword_401() {
        try (SipTestAgent watcher = f.watcher()) {
            watcher.subscribe(BOB, ALICE, 60, Map.of());
            Response first = watcher.awaitResponse(WAIT);
            String auth = DigestAnswers.authorization(first, "alice", "nope", Request.SUBSCRIBE, BOB);
            watcher.subscribe(BOB, ALICE, 60, Map.of("Authorization", auth));
            assertEquals(401, watcher.awaitResponse(WAIT).getStatusCode());
            watcher.expectNoNotify(Duration.ofMillis(300));
        }
    }

    @Test
    void publish_protectedPublisher_401ThenWithCredentials200() {
        Response first = f.publish(BOB, Map.of(), Optional.of(PidfBodies.open("bob")));
        assertEquals(401, first.getStatusCode());
        String auth = DigestAnswers.authorization(first, "bob", "bob-secret", Request.PUBLISH, BOB);
        Response ok = f.publish(BOB, Map.of("Authorization", auth), Optional.of(PidfBodies.open("bob")));
        assertEquals(200, ok.getStatusCode(), ok.toString());
    }

    @Test
    void publish_authenticatedUserForAnotherAor_403() {
        Response first = f.send(Request.PUBLISH, BOB, ALICE, Map.of("Event", "presence",
                "Content-Type", "application/pidf+xml"), Optional.of(PidfBodies.open("bob")));
        assertEquals(401, first.getStatusCode());
        String auth = DigestAnswers.authorization(first, "alice", "alice-secret", Request.PUBLISH, BOB);
        Response r = f.send(Request.PUBLISH, BOB, ALICE, Map.of("Event", "presence",
                "Content-Type", "application/pidf+xml", "Authorization", auth), Optional.of(PidfBodies.open("bob")));
        assertEquals(403, r.getStatusCode(), r.toString());
    }

    @Test
    void publish_unknownUserWhenUnknownNotAllowed_403() {
        String mallory = "sip:mallory@reg.example";
        assertEquals(403, f.publish(mallory, Map.of(), Optional.of(PidfBodies.open("mallory"))).getStatusCode());
    }

    @Test
    @DisplayName("SEC-04")
    void subscribeRefresh_protectedWatcherWithoutCredentials_401ThenWithCredentials200() {
        try (SipTestAgent watcher = f.watcher()) {
            watcher.subscribe(BOB, ALICE, 60, Map.of());
            Response first = watcher.awaitResponse(WAIT);
            String auth = DigestAnswers.authorization(first, "alice", "alice-secret", Request.SUBSCRIBE, BOB);
            SubscriptionHandle h = watcher.subscribe(BOB, ALICE, 60, Map.of("Authorization", auth));
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
            watcher.awaitNotify(WAIT);
            watcher.refresh(h, 60);
            Response challenged = watcher.awaitResponse(WAIT);
            assertEquals(401, challenged.getStatusCode(), "SEC-04: refreshes authenticate too");
            watcher.refresh(h, 60, Map.of("Authorization",
                    DigestAnswers.authorization(challenged, "alice", "alice-secret", Request.SUBSCRIBE,
                            h.remoteTarget())));
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
        }
    }
}
