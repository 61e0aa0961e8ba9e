package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.ServerFixture.ALICE;
import static org.presencegw.sip.ServerFixture.BOB;
import static org.presencegw.sip.ServerFixture.WAIT;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.BlfSettings;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.DialogInfoDocument;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/**
 * NOTIFY pacing (RFC 3856 6.10, CONFORMANCE PRS-07, issue 12) end to end: a presentity flapping 20 times a second
 * gives each watcher at most one NOTIFY per interval, the last one with the final state; a refresh is answered with
 * a NOTIFY at once and an unsubscribe's final NOTIFY is never held behind the pace.
 */
class NotifyPacingIT {

    private static final Duration INTERVAL = Duration.ofMillis(800);
    private ServerFixture fx;
    private final List<SipTestAgent> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        agents.forEach(SipTestAgent::close);
        if (fx != null) {
            fx.close();
        }
    }

    private SipTestAgent watcher(String event, String who) {
        SipTestAgent a = fx.agent(Transport.UDP);
        agents.add(a);
        a.subscribe(BOB, who, 100, Map.of("Event", event));
        assertEquals(200, a.awaitResponse(WAIT).getStatusCode());
        a.awaitNotify(WAIT);
        return a;
    }

    /** NOTIFYs with their arrival times (ms since {@code start}), until none came for {@code quiet}. */
    private static List<Long> collect(SipTestAgent a, long start, List<ReceivedNotify> into, Duration quiet) {
        List<Long> times = new ArrayList<>();
        while (true) {
            ReceivedNotify n;
            try {
                n = a.awaitNotify(quiet);
            } catch (AssertionError quietLongEnough) {
                return times;
            }
            times.add((System.nanoTime() - start) / 1_000_000);
            into.add(n);
        }
    }

    @Test
    void flapping20PerSecond_atMostOnePerInterval_lastCarriesTheFinalState() throws Exception {
        fx = new ServerFixture(new EventSettings(true, INTERVAL, BlfSettings.DEFAULTS), Clock.systemUTC());
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "n0"));
        SipTestAgent presence = watcher("presence", ALICE);
        SipTestAgent dialog = watcher("dialog", "sip:carol@sip.example");
        long start = System.nanoTime();
        long flapMillis = 2_500;
        Duration quiet = INTERVAL.multipliedBy(3);
        List<ReceivedNotify> got = new ArrayList<>();
        List<ReceivedNotify> gotDialog = new ArrayList<>();
        // Each watcher's NOTIFYs are taken as they arrive, on their own threads, while this one flaps.
        ExecutorService collectors = Executors.newFixedThreadPool(2);
        CompletableFuture<List<Long>> times = CompletableFuture.supplyAsync(() -> collect(presence, start, got,
                quiet), collectors);
        CompletableFuture<List<Long>> dialogTimes = CompletableFuture.supplyAsync(() -> collect(dialog, start,
                gotDialog, quiet), collectors);
        collectors.shutdown();
        int changes = 0;
        while ((System.nanoTime() - start) / 1_000_000 < flapMillis) {
            changes++;
            Basic basic = changes % 2 == 0 ? Basic.OPEN : Basic.CLOSED;
            fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(basic, "n" + changes));
            Thread.sleep(50); // the flapping itself: 20 changes a second, not a wait for a result
        }
        fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "final"));

        assertTrue(changes >= 40, "flapped " + changes);
        assertPaced(times.get(30, TimeUnit.SECONDS), flapMillis);
        assertPaced(dialogTimes.get(30, TimeUnit.SECONDS), flapMillis);
        assertTrue(got.get(got.size() - 1).body().contains(">final<"), got.get(got.size() - 1).body());
        DialogInfoDocument last = DialogInfoDocument.parse(gotDialog.get(gotDialog.size() - 1).body());
        assertEquals("idle", last.lamp(), "final state open: idle lamp");
        assertEquals(gotDialog.size(), last.version(), "versions 0.. without gaps: coalesced bodies never rendered");
    }

    /**
     * Between 2 and (flap / interval + 2) NOTIFYs, arriving no closer than half the interval: arrival times, not
     * send times, and a loaded machine can delay one delivery (exact gaps: {@code NotifyPacerTest}, test clock).
     */
    private static void assertPaced(List<Long> at, long flapMillis) {
        assertTrue(at.size() >= 2 && at.size() <= flapMillis / INTERVAL.toMillis() + 2, "NOTIFYs at " + at);
        for (int i = 1; i < at.size(); i++) {
            assertTrue(at.get(i) - at.get(i - 1) >= INTERVAL.toMillis() / 2, "NOTIFYs at " + at);
        }
    }

    @Test
    void refreshAndUnsubscribe_neverHeldBehindThePace() throws Exception {
        fx = new ServerFixture(new EventSettings(true, Duration.ofSeconds(30), BlfSettings.DEFAULTS),
                Clock.systemUTC());
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "n0"));
        SipTestAgent a = fx.agent(Transport.UDP);
        agents.add(a);
        SubscriptionHandle h = a.subscribe(BOB, ALICE, 100, Map.of());
        assertEquals(200, a.awaitResponse(WAIT).getStatusCode());
        a.awaitNotify(WAIT);
        fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "paced"));
        a.expectNoNotify(Duration.ofMillis(500)); // the change waits: 30 s since the first NOTIFY have not passed
        a.refresh(h, 100);
        assertEquals(200, a.awaitResponse(WAIT).getStatusCode());
        ReceivedNotify refreshed = a.awaitNotify(WAIT);
        assertTrue(refreshed.body().contains(">paced<"), "the refresh NOTIFY carries the newest state at once");
        fx.server.publish(fx.source.viewOf(BOB), ServerFixture.known(Basic.OPEN, "held again"));
        a.expectNoNotify(Duration.ofMillis(500)); // held too: the refresh's NOTIFY opened a new window
        a.unsubscribe(h);
        assertEquals(200, a.awaitResponse(WAIT).getStatusCode());
        ReceivedNotify last = a.awaitNotify(WAIT);
        assertEquals("terminated", last.state(), "the final NOTIFY is not paced");
        assertTrue(last.body().contains(">held again<"), last.body());
        a.expectNoNotify(Duration.ofMillis(300));
    }
}
