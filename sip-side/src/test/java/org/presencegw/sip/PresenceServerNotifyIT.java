package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;

/** NOTIFY after subscription: source changes, failures, flows, shutdown (RFC 6665 4.2.2). */
class PresenceServerNotifyIT {

    private ServerFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private ReceivedNotify subscribed(SipTestAgent agent) {
        agent.subscribe(BOB, ALICE, 100, Map.of());
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        return agent.awaitNotify(WAIT);
    }

    @Test
    @DisplayName("SUB-18")
    void publish_knownChange_notifyWithNewBody() {
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            ReceivedNotify first = subscribed(agent);
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "lunch"));
            ReceivedNotify n = agent.awaitNotify(WAIT);
            assertEquals("active", n.state());
            assertTrue(n.body().contains("<basic>closed</basic>") && n.body().contains("lunch"), n.body());
            assertEquals(first.cseq() + 1, n.cseq());
        }
    }

    /**
     * A change published while the source's watch returns (a Jabber account's probe answer to the presence the
     * watch itself sent) is fanned out before the new subscription is registered: the subscription asks the source
     * again once registered, so its first NOTIFY has the change (before, it kept the watch's state until the next
     * change: AdminIT and XmppServerRestartIT failed that way once in a while on a busy machine).
     */
    @Test
    @DisplayName("PRS-07")
    void changeFannedOutBeforeTheSubscriptionIsRegistered_stillReachesIt() {
        fx.source.state("bob", ServerFixture.known(Basic.CLOSED, "before"));
        fx.source.duringWatch(() -> {
            PresenceState during = ServerFixture.known(Basic.OPEN, "during");
            fx.source.state("bob", during);
            fx.server.publish(fx.source.viewOf(BOB), during);
            fx.drainScheduler(); // that fan-out has run, and found no subscription yet
        });
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            ReceivedNotify first = subscribed(agent);
            assertTrue(first.body().contains("<basic>open</basic>") && first.body().contains("during"),
                    first.body());
            agent.expectNoNotify(Duration.ofMillis(300));
        }
    }

    @Test
    @DisplayName("PRS-07")
    void publish_manyChanges_lastStateArrivesLast() {
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            subscribed(agent);
            for (int i = 0; i < 20; i++) {
                fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "n" + i));
            }
            agent.awaitNotify("the last change n19", WAIT, n -> n.body().contains("n19"));
            agent.expectNoNotify(Duration.ofMillis(300));
        }
    }

    @Test
    @DisplayName("PRS-05: SUB-09")
    void pending_thenSourcePublishesKnown_pendingThenActive() {
        fx.source.state("bob", PresenceState.PENDING);
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            ReceivedNotify first = subscribed(agent);
            assertEquals("pending", first.state());
            assertTrue(first.expires().isPresent());
            assertEquals("", first.body());
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "approved"));
            ReceivedNotify n = agent.awaitNotify(WAIT);
            assertEquals("active", n.state());
            assertTrue(n.body().contains("approved"));
        }
    }

    @Test
    @DisplayName("AZ-04, SEC-01")
    void sourceTerminates_rejected_terminatedNotifyNoBodyAndRelease() throws Exception {
        fx.source.state("bob", PresenceState.PENDING);
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            subscribed(agent);
            fx.server.publish(fx.source.viewOf(BOB), new PresenceState.Terminated(TerminationReason.REJECTED));
            ReceivedNotify n = agent.awaitNotify(WAIT);
            assertEquals("terminated", n.state());
            assertEquals("rejected", n.reason().orElseThrow());
            assertEquals("", n.body());
            assertNotNull(fx.source.releases.poll(5, TimeUnit.SECONDS));
            assertEquals(0, fx.server.activeSubscriptions());
        }
    }

    @Test
    @DisplayName("SUB-16")
    void notifyAnswered481_subscriptionRemovedAndNoMoreNotifies() throws Exception {
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            agent.answerNotifiesWith(481);
            subscribed(agent);
            assertNotNull(fx.source.releases.poll(5, TimeUnit.SECONDS));
            assertEquals(0, fx.server.activeSubscriptions());
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "x"));
            agent.expectNoNotify(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName("TRN-01")
    void tcpWatcher_contactPortDead_notifiesReuseTheSubscribeConnection() {
        try (SipTestAgent agent = fx.agent(Transport.TCP)) {
            agent.advertiseContactPort(deadPort());
            ReceivedNotify first = subscribed(agent);
            assertEquals("active", first.state());
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "tcp"));
            assertTrue(agent.awaitNotify(WAIT).body().contains("tcp"));
        }
    }

    @Test
    @DisplayName("TRN-03")
    void udpWatcher_contactPortDead_notifiesGoToSourcePort() {
        try (SipTestAgent agent = fx.agent(Transport.UDP)) {
            agent.advertiseContactPort(deadPort());
            assertEquals("active", subscribed(agent).state());
        }
    }

    @Test
    @DisplayName("TRN-01")
    void close_liveSubscriptions_deactivatedToEachAndReleased() throws Exception {
        try (SipTestAgent a = fx.agent(Transport.UDP); SipTestAgent b = fx.agent(Transport.TCP)) {
            subscribed(a);
            subscribed(b);
            assertEquals(2, fx.server.activeSubscriptions());
            String before = ServerDiagnostics.describe(fx.server);
            fx.server.close();
            for (SipTestAgent agent : new SipTestAgent[] {a, b}) {
                ReceivedNotify n = ServerDiagnostics.explained(() -> agent.transport() + " watcher; before close: "
                        + before, () -> agent.awaitNotify(WAIT));
                assertEquals("terminated", n.state());
                assertEquals("deactivated", n.reason().orElseThrow());
            }
            assertNotNull(fx.source.releases.poll(1, TimeUnit.SECONDS));
            assertNotNull(fx.source.releases.poll(1, TimeUnit.SECONDS));
            fx.server.close();
        }
    }

    /** A port with nothing listening (picked free, then left closed). */
    private static int deadPort() {
        return org.presencegw.sip.testing.FreePorts.pick();
    }
}
