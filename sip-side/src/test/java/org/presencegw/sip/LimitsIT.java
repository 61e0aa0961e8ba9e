package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.TrustedNetworks;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/** The {@code limits:} of issue 10 and {@code sip.trusted_networks}, against a real JAIN-SIP UA. */
class LimitsIT {

    private ServerFixture fx;
    private SipTestAgent agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    private void start(Limits limits) throws Exception {
        fx = new ServerFixture(s -> s.setLimits(limits));
        agent = fx.agent(Transport.UDP);
    }

    private int subscribe(String watcher) {
        agent.subscribe(BOB, watcher, 60, Map.of());
        return agent.awaitResponse(WAIT).getStatusCode();
    }

    @Test
    @DisplayName("SEC-05: beyond subscriptions_per_watcher a new subscription is 403; other watchers go on")
    void perWatcher_403BeyondLimit_otherWatcherServed() throws Exception {
        start(new Limits(2, 100, 10, 1000, 32));
        assertEquals(200, subscribe("sip:alice@sip.example"));
        assertEquals(200, subscribe("sip:alice@sip.example;gr=phone"));
        assertEquals(403, subscribe("sip:alice@sip.example"), "the gr instance counts for the same AOR");
        assertEquals(200, subscribe("sip:dave@sip.example"));
        assertEquals(3, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("SEC-05: beyond subscriptions_total a new subscription is 503 + Retry-After; an ended one makes room")
    void total_503WithRetryAfterBeyondLimit() throws Exception {
        start(new Limits(10, 2, 10, 1000, 32));
        SubscriptionHandle first = agent.subscribe(BOB, "sip:a@sip.example", 60, Map.of());
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        assertEquals(200, subscribe("sip:b@sip.example"));
        agent.subscribe(BOB, "sip:c@sip.example", 60, Map.of());
        Response r = agent.awaitResponse(WAIT);
        assertEquals(503, r.getStatusCode());
        assertTrue(r.getHeader("Retry-After") != null);

        agent.unsubscribe(first);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        // Out of the count before the 200 went out (CI once sent c's SUBSCRIBE into the gap and got 503).
        assertEquals(1, fx.server.activeSubscriptions(), "counted until the 200 to the unsubscribe");
        assertEquals(200, subscribe("sip:c@sip.example"), "the ended subscription no longer counts");
        assertEquals(503, subscribe("sip:d@sip.example"), "two live again");
    }

    @Test
    @DisplayName("requests_per_second_per_source: beyond the burst (2x) 503 + Retry-After")
    void perSourceRate_burstThen503() throws Exception {
        start(new Limits(10, 100, 10, 5, 32));
        int ok = 0;
        int busy = 0;
        for (int i = 0; i < 14; i++) {
            agent.send("OPTIONS", BOB, Map.of(), Optional.empty());
            Response r = agent.awaitResponse(WAIT);
            if (r.getStatusCode() == 200) {
                ok++;
            } else if (r.getStatusCode() == 503) {
                busy++;
                assertTrue(r.getHeader("Retry-After") != null);
            }
        }
        assertTrue(ok >= 10 && ok <= 11, "a burst of 2 x 5, plus what refilled meanwhile: " + ok);
        assertEquals(14 - ok, busy);
    }

    @Test
    @DisplayName("SEC-04: a watcher with a sip_password from a trusted network is not challenged")
    void trustedNetwork_noChallenge_untrustedChallenged() throws Exception {
        UserDirectory protectedAlice = new UserDirectory() {
            @Override
            public Optional<String> passwordOf(SipAddress aor) {
                return aor.user().equals("alice") ? Optional.of("secret") : Optional.empty();
            }

            @Override
            public boolean isKnown(SipAddress aor) {
                return true;
            }

            @Override
            public boolean allowsUnknownUsers() {
                return true;
            }
        };
        fx = new ServerFixture(s -> {
            s.setUserDirectory(protectedAlice);
            s.setTrustedNetworks(TrustedNetworks.parse(List.of("127.0.0.0/8")));
        });
        agent = fx.agent(Transport.UDP);
        assertEquals(200, subscribe(ServerFixture.ALICE));
        agent.close();
        fx.close();
        fx = new ServerFixture(s -> {
            s.setUserDirectory(protectedAlice);
            s.setTrustedNetworks(TrustedNetworks.parse(List.of("10.0.0.0/8")));
        });
        agent = fx.agent(Transport.UDP);
        assertEquals(401, subscribe(ServerFixture.ALICE));
    }
}
