package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.PresencePackage;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.testing.FakePresenceSource;
import org.presencegw.sip.testing.TestClock;

/**
 * NOTIFY pacing (RFC 3856 6.10, PRS-07) on a test clock: the lane's rule (paced NOTIFYs wait out the interval since
 * the last NOTIFY, SUBSCRIBE answers and endings never do), and the wheel (due subscriptions come back at the end of
 * their window, never before, at most one tick after).
 */
class NotifyPacerTest {

    private static final Instant T0 = Instant.parse("2026-12-10T09:00:00Z");
    private static final long INTERVAL = 5000;

    private final TestClock clock = TestClock.fixedAt(T0);

    static Subscription subscription(String callId) {
        DialogRecord dialog = new DialogRecord(callId, "ours", "theirs", "sip:bob@example.com",
                "sip:alice@sip.example", 0, 1, List.of(), "sip:alice@10.0.0.1:5070",
                new Flow("10.0.0.1", 5070, "udp"), Optional.empty());
        return new Subscription(dialog, new ViewKey("fake", "bob"), SipAddress.parse("sip:alice@sip.example"),
                SipAddress.parse("sip:bob@example.com"), new FakePresenceSource(), new PresencePackage(),
                PresencePackage.PIDF, "", 0);
    }

    private static NotifyLane.Pending change(String note, boolean paced) {
        return new NotifyLane.Pending(new SubscriptionAction.SendNotify(SubscriptionState.ACTIVE, T0,
                Optional.empty(), note.isEmpty() ? PresenceState.UNKNOWN : PresenceState.PENDING), Bodies.DIRECT,
                paced);
    }

    private NotifyPacer pacer() {
        NotifyPacer p = new NotifyPacer(clock);
        p.interval(Duration.ofMillis(INTERVAL));
        return p;
    }

    @Test
    void lane_pacedInsideWindow_waitsUntilItsEnd_unpacedNever() {
        NotifyLane lane = new NotifyLane();
        long t = clock.millis();
        assertEquals(0, lane.sendableAt(change("a", true), t, INTERVAL), "nothing sent yet: at once");
        lane.sent(null, t);
        lane.completed();
        assertEquals(t + INTERVAL, lane.sendableAt(change("b", true), t + 50, INTERVAL));
        assertEquals(t + INTERVAL, lane.sendableAt(change("b", true), t + INTERVAL - 1, INTERVAL));
        assertEquals(0, lane.sendableAt(change("b", true), t + INTERVAL, INTERVAL));
        assertEquals(0, lane.sendableAt(change("refresh", false), t + 50, INTERVAL), "a SUBSCRIBE's NOTIFY: at once");
        assertEquals(0, lane.sendableAt(change("b", true), t + 50, 0), "interval 0: pacing off");
    }

    @Test
    void lane_hold_latestWins_unpacedIsNotDelayedByALaterChange() {
        NotifyLane lane = new NotifyLane();
        lane.hold(change("a", true));
        lane.hold(change("b", true));
        assertTrue(lane.takeWaiting().orElseThrow().paced());
        lane.hold(change("refresh", false));
        NotifyLane.Pending later = change("c", true);
        lane.hold(later);
        NotifyLane.Pending merged = lane.takeWaiting().orElseThrow();
        assertEquals(later.message(), merged.message(), "the latest state");
        assertFalse(merged.paced(), "the SUBSCRIBE's NOTIFY it replaced was due at once");
    }

    @Test
    void lane_released_dropsAPacedWaitingNotify() {
        NotifyLane lane = new NotifyLane();
        lane.hold(change("a", true));
        lane.released();
        assertTrue(lane.takeWaiting().isEmpty(), "nothing goes out after the final NOTIFY");
        assertTrue(lane.finishIfIdle());
    }

    @Test
    void holdBack_insideWindow_heldAndOnTheWheelOnce_dueAtTheEnd() {
        NotifyPacer pacer = pacer();
        Subscription s = subscription("c1");
        long t = clock.millis();
        s.lane().sent(null, t);
        s.lane().completed();
        clock.advance(Duration.ofMillis(100));
        assertTrue(pacer.holdBack(s, change("a", true)));
        clock.advance(Duration.ofMillis(100));
        assertTrue(pacer.holdBack(s, change("b", true)));
        assertEquals(1, pacer.size(), "one wheel entry however many changes");
        assertTrue(s.lane().onWheel());
        assertEquals(List.of(), pacer.takeDue(t + INTERVAL - 1), "never before the window ends");
        List<Subscription> due = pacer.takeDue(t + INTERVAL + NotifyPacer.MAX_TICK_MILLIS);
        assertEquals(List.of(s), due, "at most one tick after");
        assertEquals(0, pacer.size());
        assertFalse(pacer.holdBack(s, change("c", false)), "unpaced: never held");
    }

    /** 20 changes a second for 3 s: each one held or sent by the rule, at most one per interval, the last last. */
    @Test
    void flapping20PerSecond_atMostOnePerInterval_lastStateLast() {
        NotifyPacer pacer = pacer();
        Subscription s = subscription("c2");
        List<Long> sentAt = new ArrayList<>();
        List<NotifyLane.Pending> sent = new ArrayList<>();
        NotifyLane.Pending last = null;
        long start = clock.millis();
        for (int i = 0; i < 60; i++) {
            last = change("n" + i, true);
            if (!s.lane().onWheel() && !pacer.holdBack(s, last)) {
                s.lane().sent(null, clock.millis());
                s.lane().completed();
                sentAt.add(clock.millis());
                sent.add(last);
            } else if (s.lane().onWheel()) {
                s.lane().hold(last);
            }
            clock.advance(Duration.ofMillis(50));
            for (Subscription due : pacer.takeDue(clock.millis())) {
                due.lane().onWheel(false);
                NotifyLane.Pending next = due.lane().takeWaiting().orElseThrow();
                if (!pacer.holdBack(due, next)) {
                    due.lane().sent(null, clock.millis());
                    due.lane().completed();
                    sentAt.add(clock.millis());
                    sent.add(next);
                }
            }
        }
        clock.advance(Duration.ofMillis(INTERVAL + NotifyPacer.MAX_TICK_MILLIS));
        for (Subscription due : pacer.takeDue(clock.millis())) {
            NotifyLane.Pending next = due.lane().takeWaiting().orElseThrow();
            sentAt.add(clock.millis());
            sent.add(next);
        }
        for (int i = 1; i < sentAt.size(); i++) {
            assertTrue(sentAt.get(i) - sentAt.get(i - 1) >= INTERVAL, "gap " + sentAt);
        }
        assertTrue(sentAt.size() <= (clock.millis() - start) / INTERVAL + 1, "count " + sentAt);
        assertEquals(last.message(), sent.get(sent.size() - 1).message(), "the final state goes out last");
        assertEquals(start, sentAt.get(0), "the first change goes out at once");
    }

    @Test
    void takeDue_afterAStallLongerThanATurn_drainsEverything() {
        NotifyPacer pacer = pacer();
        Subscription s = subscription("c3");
        s.lane().sent(null, clock.millis());
        s.lane().completed();
        assertTrue(pacer.holdBack(s, change("a", true)));
        assertEquals(List.of(s), pacer.takeDue(clock.millis() + 10 * INTERVAL));
    }
}
