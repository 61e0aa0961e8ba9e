package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sip.header.MinExpiresHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.BlfLamp;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.DialogInfoDocument;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/**
 * The dialog package (RFC 4235) through a real JAIN-SIP UA: 200 and dialog-info NOTIFYs whose version rises per
 * subscription, lamps following presence, profiles by User-Agent, and the presence package's subscription rules
 * (refresh, unsubscribe, 423, 481, 489, 406) applying unchanged. Every body is validated against the RFC 4235 schema.
 */
class DialogPackageIT {

    private static final Map<String, String> DIALOG = Map.of("Event", "dialog");
    private ServerFixture fx;
    private SipTestAgent agent;

    private void start(EventSettings events) throws Exception {
        fx = new ServerFixture(events, Clock.systemUTC());
        agent = fx.agent(Transport.UDP);
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    static PresenceState busy() {
        return new PresenceState.Known(new PresenceDocument(List.of(PresenceTuple.of("t", Basic.OPEN)),
                Optional.of(new Person("p", Set.of(Activity.BUSY), List.of()))));
    }

    static PresenceState away() {
        return new PresenceState.Known(new PresenceDocument(List.of(PresenceTuple.of("t", Basic.OPEN)),
                Optional.of(new Person("p", Set.of(Activity.AWAY), List.of()))));
    }

    private static DialogInfoDocument dialogInfo(ReceivedNotify n) {
        assertEquals("dialog", n.header("Event").orElseThrow());
        assertEquals("application/dialog-info+xml", n.contentType().orElseThrow(), n.body());
        return DialogInfoDocument.parse(n.body());
    }

    private static Map<String, String> with(String name, String value) {
        return Map.of("Event", "dialog", name, value);
    }

    @Test
    @DisplayName("DLG-01 DLG-04 DLG-05 DLG-10")
    void subscribe_available_200ThenIdle_busyThenIdleAgain_versionRisesByOne() throws Exception {
        start(EventSettings.DEFAULTS);
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "at desk"));
        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        DialogInfoDocument first = dialogInfo(agent.awaitNotify(WAIT));
        assertEquals(0, first.version());
        assertEquals("full", first.state());
        assertEquals(BOB, first.entity());
        assertEquals("idle", first.lamp());
        assertEquals(List.of(), first.dialogs(), "generic profile: idle is no dialog at all");

        fx.server.publish(fx.source.viewOf(BOB), busy());
        DialogInfoDocument second = dialogInfo(agent.awaitNotify(WAIT));
        assertEquals(1, second.version());
        assertEquals("busy", second.lamp());

        fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "back"));
        DialogInfoDocument third = dialogInfo(agent.awaitNotify(WAIT));
        assertEquals(2, third.version());
        assertEquals("idle", third.lamp());

        agent.refresh(h, 100, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        assertEquals(3, dialogInfo(agent.awaitNotify(WAIT)).version(), "a refresh's NOTIFY is a new document");

        agent.refresh(h, 0, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        ReceivedNotify last = agent.awaitNotify(WAIT);
        assertEquals("terminated", last.state());
        assertEquals(4, dialogInfo(last).version());
        // The subscription is released once its final NOTIFY is out; the watcher may read it first.
        Awaiting.within(WAIT, "subscription released").until(() -> fx.server.activeSubscriptions() == 0);
    }

    @Test
    @DisplayName("DLG-04")
    void subscribe_twoWatchers_eachHasItsOwnVersion() throws Exception {
        start(EventSettings.DEFAULTS);
        fx.source.state("bob", busy());
        agent.subscribe(BOB, ALICE, 100, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        assertEquals(0, dialogInfo(agent.awaitNotify(WAIT)).version());
        fx.server.publish(fx.source.viewOf(BOB), away());
        assertEquals(1, dialogInfo(agent.awaitNotify(WAIT)).version());
        try (SipTestAgent other = fx.agent(Transport.TCP)) {
            other.subscribe(BOB, "sip:carol@sip.example", 100, DIALOG);
            assertEquals(200, other.awaitResponse(WAIT).getStatusCode());
            assertEquals(0, dialogInfo(other.awaitNotify(WAIT)).version(), "a new subscription starts at 0");
            fx.server.publish(fx.source.viewOf(BOB), busy());
            assertEquals(1, dialogInfo(other.awaitNotify(WAIT)).version());
            assertEquals(2, dialogInfo(agent.awaitNotify(WAIT)).version());
        }
    }

    @Test
    @DisplayName("DLG-09")
    void subscribe_yealinkUserAgent_idleIsATerminatedDialog_awayConfiguredBusy() throws Exception {
        start(new EventSettings(true, Duration.ZERO, new BlfSettings("generic", true, Optional.of(BlfLamp.BUSY),
                Optional.empty())));
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "at desk"));
        agent.subscribe(BOB, ALICE, 100, with("User-Agent", "Yealink SIP-T46S 66.86.0.15"));
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        DialogInfoDocument idle = dialogInfo(agent.awaitNotify(WAIT));
        assertEquals("idle", idle.lamp());
        assertEquals("terminated", idle.dialogs().get(0).state());
        assertEquals(Optional.of(BOB), idle.dialogs().get(0).identity());
        fx.server.publish(fx.source.viewOf(BOB), away());
        assertEquals("busy", dialogInfo(agent.awaitNotify(WAIT)).lamp(), "blf.away: busy");
    }

    /**
     * RFC 4235 4.1: a watcher may narrow the subscription to one dialog with {@code call-id}, {@code to-tag} and
     * {@code from-tag}. The gateway has no SIP dialogs to narrow to: it accepts the parameters and sends the
     * presentity's lamp, as without them.
     */
    @Test
    @DisplayName("DLG-06")
    void subscribe_withDialogParameters_acceptedAndTheLampSent() throws Exception {
        start(EventSettings.DEFAULTS);
        fx.source.state("bob", busy());
        agent.subscribe(BOB, ALICE, 100, Map.of("Event", "dialog;call-id=\"abc123@host\";to-tag=t1;from-tag=f1"));
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        DialogInfoDocument doc = dialogInfo(agent.awaitNotify(WAIT));
        assertEquals("busy", doc.lamp());
        assertEquals(0, doc.version());
    }

    @Test
    @DisplayName("DLG-07")
    void subscribe_unknownThenPending_noStateShownWhilePending() throws Exception {
        start(EventSettings.DEFAULTS);
        fx.source.state("bob", PresenceState.PENDING);
        agent.subscribe(BOB, ALICE, 100, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        ReceivedNotify pending = agent.awaitNotify(WAIT);
        assertEquals("pending", pending.state());
        assertEquals("", pending.body(), "RFC 3856 6.6.2: no state before authorization");
        fx.server.publish(fx.source.viewOf(BOB), busy());
        ReceivedNotify active = agent.awaitNotify(WAIT);
        assertEquals("active", active.state());
        DialogInfoDocument doc = dialogInfo(active);
        assertEquals(0, doc.version(), "the first document, whatever NOTIFYs went before");
        assertEquals("busy", doc.lamp());
        fx.server.publish(fx.source.viewOf(BOB), PresenceState.UNKNOWN);
        assertEquals("idle", dialogInfo(agent.awaitNotify(WAIT)).lamp(), "unknown: no active dialog");
    }

    @Test
    @DisplayName("DLG-02 DLG-10")
    void subscribe_sameRulesAsPresence_423_481_489_406() throws Exception {
        start(EventSettings.DEFAULTS);
        agent.subscribe(BOB, ALICE, 1, DIALOG);
        Response brief = agent.awaitResponse(WAIT);
        assertEquals(423, brief.getStatusCode());
        assertEquals(2, ((MinExpiresHeader) brief.getHeader(MinExpiresHeader.NAME)).getExpires());

        agent.subscribe(BOB, ALICE, 100, with("Accept", "application/pidf+xml"));
        assertEquals(406, agent.awaitResponse(WAIT).getStatusCode(), "dialog-info not acceptable");

        SubscriptionHandle h = agent.subscribe(BOB, ALICE, 100, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        agent.awaitNotify(WAIT);
        agent.refresh(h, 100, Map.of("Event", "presence"));
        assertEquals(481, agent.awaitResponse(WAIT).getStatusCode(), "another package is another subscription");
        agent.refresh(h, 0, DIALOG);
        assertEquals(200, agent.awaitResponse(WAIT).getStatusCode());
        agent.awaitNotify(WAIT);
        agent.refresh(h, 100, DIALOG);
        assertEquals(481, agent.awaitResponse(WAIT).getStatusCode(), "ended");
    }

    @Test
    void dialogOff_489WithAllowEventsPresenceOnly() throws Exception {
        start(new EventSettings(false, Duration.ZERO, BlfSettings.DEFAULTS));
        agent.subscribe(BOB, ALICE, 100, DIALOG);
        Response r = agent.awaitResponse(WAIT);
        assertEquals(489, r.getStatusCode());
        assertTrue(r.getHeader("Allow-Events").toString().contains("presence"));
        assertTrue(!r.toString().contains("Allow-Events: dialog"), r.toString());
    }

    @Test
    @DisplayName("DLG-01")
    void options_advertisesDialogAndItsType() throws Exception {
        start(EventSettings.DEFAULTS);
        agent.options(BOB);
        Response r = agent.awaitResponse(WAIT);
        assertTrue(PresenceServerErrorIT.all(r, "Allow-Events").contains("dialog"), r.toString());
        assertTrue(PresenceServerErrorIT.all(r, "Accept").contains("application/dialog-info+xml"), r.toString());
    }
}
