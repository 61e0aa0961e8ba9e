package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.presencegw.gateway.it.GatewayFixture.USER_DOMAIN;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.Watch.TIMEOUT;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.DigestAnswers;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * Digest authentication configured from the account mappings ({@code sip_password}), end to end through the
 * gateway: a mapped user with a SIP password must authenticate REGISTER, PUBLISH and SUBSCRIBE (401, never 407,
 * RFC 6665 4.2.1.3); an unmapped user of the registrar domain is refused (registrar.allow_unknown_users false).
 */
class DigestAuthIT {
    private static final String ALICE_AOR = "sip:alice@" + USER_DOMAIN;

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder()
            .accounts("alice", "bob").mutualContacts("alice", "bob")
            .mapped("alice", "phone-secret").minExpires(2).allowUnknownUsers(false)
            .build();

    private static Response register(SipTestAgent phone, String user, Optional<String> authorization) {
        Map<String, String> h = new HashMap<>();
        h.put("To", "<sip:" + user + "@" + USER_DOMAIN + ">");
        h.put("From", "<sip:" + user + "@" + USER_DOMAIN + ">;tag=phone");
        h.put("Contact", "<sip:" + user + "@127.0.0.1:" + phone.port() + ">");
        h.put("Expires", "60");
        authorization.ifPresent(a -> h.put("Authorization", a));
        phone.send(Request.REGISTER, "sip:" + USER_DOMAIN, h, Optional.empty());
        return phone.awaitResponse(TIMEOUT);
    }

    @Test
    @DisplayName("REG-03")
    void register_mappedUserWithSipPassword_401ThenAuthenticated200_wrongPassword401() {
        try (SipTestAgent phone = GW.agent(Transport.UDP)) {
            Response challenge = register(phone, "alice", Optional.empty());
            assertEquals(401, challenge.getStatusCode());
            String wrong = DigestAnswers.authorization(challenge, "alice", "guess", Request.REGISTER,
                    "sip:" + USER_DOMAIN);
            assertEquals(401, register(phone, "alice", Optional.of(wrong)).getStatusCode());
            Response again = register(phone, "alice", Optional.empty());
            String right = DigestAnswers.authorization(again, "alice", "phone-secret", Request.REGISTER,
                    "sip:" + USER_DOMAIN);
            assertEquals(200, register(phone, "alice", Optional.of(right)).getStatusCode());
        }
    }

    @Test
    void register_unmappedUser_isForbidden() {
        try (SipTestAgent phone = GW.agent(Transport.UDP)) {
            assertEquals(403, register(phone, "mallory", Optional.empty()).getStatusCode());
        }
    }

    @Test
    @DisplayName("SUB-21")
    void subscribe_fromProtectedWatcher_is401_thenAcceptedWithCredentials() {
        try (SipTestAgent phone = GW.agent(Transport.UDP)) {
            phone.subscribe(sip("bob"), ALICE_AOR, 300, Map.of());
            Response challenge = phone.awaitResponse(TIMEOUT);
            assertEquals(401, challenge.getStatusCode(), "RFC 6665 4.2.1.3: 401, not 407");
            String auth = DigestAnswers.authorization(challenge, "alice", "phone-secret", Request.SUBSCRIBE,
                    sip("bob"));
            phone.subscribe(sip("bob"), ALICE_AOR, 300, Map.of("Authorization", auth));
            assertEquals(200, phone.awaitResponse(TIMEOUT).getStatusCode());
            Watch.until(phone, "bob's state after authenticating", n -> n.state().equals("active"));
        }
    }

    @Test
    void publish_withoutCredentials_is401() {
        try (SipTestAgent phone = GW.agent(Transport.UDP)) {
            Map<String, String> h = new HashMap<>();
            h.put("To", "<" + ALICE_AOR + ">");
            h.put("From", "<" + ALICE_AOR + ">;tag=pub");
            h.put("Event", "presence");
            h.put("Content-Type", "application/pidf+xml");
            phone.send(Request.PUBLISH, ALICE_AOR, h, Optional.of(ReverseDirectionIT.busyPidf("on a call")));
            assertEquals(401, phone.awaitResponse(TIMEOUT).getStatusCode());
        }
    }
}
