package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;

/** Requests, answers (stanza or roster push) and remembered refusals; RFC 6121 3.1-3.3. */
class SubscriptionControlTest {
    private static final EntityBareJid ALICE = JidCreate.entityBareFromOrThrowUnchecked("alice@x");
    private static final BareJid BOB = JidCreate.bareFromOrThrowUnchecked("bob@x");
    private static final RosterItem NONE = new RosterItem(RosterSubscription.NONE, false);
    private static final RosterItem ASKED = new RosterItem(RosterSubscription.NONE, true);
    private static final RosterItem TO = new RosterItem(RosterSubscription.TO, false);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final List<Presence> sent = new ArrayList<>();
    private final RecordingListener events = new RecordingListener();
    private final InMemorySubscriptionMemory memory = new InMemorySubscriptionMemory(Duration.ofHours(24));
    private final ContactTracker tracker = new ContactTracker(ALICE);
    private final SubscriptionControl control = new SubscriptionControl(ALICE, tracker, events, memory,
            Duration.ofHours(24), CLOCK, p -> sent.add(p));

    private void ask() {
        control.queue(BOB);
        control.flush(true);
    }

    private List<Presence.Type> sentTypes() {
        return sent.stream().map(Presence::getType).toList();
    }

    @Test
    void request_waitsUntilTheAccountMaySend_thenOnce() {
        control.queue(BOB);
        control.flush(false);
        assertEquals(List.of(), sent, "not before our own presence is available (ejabberd)");
        control.flush(true);
        ask();
        assertEquals(List.of(Presence.Type.subscribe), sentTypes());
        assertEquals(BOB, sent.get(0).getTo());
    }

    @Test
    void request_notSentWhenGrantedOrPending() {
        tracker.replaceRoster(Map.of(BOB, TO));
        ask();
        tracker.replaceRoster(Map.of(BOB, ASKED));
        ask();
        assertEquals(List.of(), sent);
    }

    @Test
    void rosterPushClearingAsk_isTheAnswer_grantOrDenial() {
        control.onRosterItem(BOB, ASKED, TO);
        events.awaitAnswer(BOB, true);
        control.onRosterItem(BOB, ASKED, NONE);
        events.awaitAnswer(BOB, false);
        assertEquals(SubscriptionMemory.Kind.DENIED, control.refusal(BOB).orElseThrow().kind());
    }

    @Test
    void denial_remembered_noNewRequestInQuietPeriod_untilGranted() {
        ask();
        tracker.replaceRoster(Map.of(BOB, ASKED));
        control.onUnsubscribed(BOB);
        events.awaitAnswer(BOB, false);
        Refusal r = control.refusal(BOB).orElseThrow();
        assertEquals(CLOCK.instant().plus(Duration.ofHours(24)), r.until());
        tracker.replaceRoster(Map.of(BOB, NONE));
        control.newSession();
        ask();
        assertEquals(1, sent.size(), "the re-SUBSCRIBE asks nobody");
        control.onRosterItem(BOB, NONE, TO);
        assertEquals(Optional.empty(), control.refusal(BOB), "a grant forgets");
    }

    @Test
    void subscriptionLostInRoster_droppedByUser_remembered_andLaterUnsubscribedMakesItADenial() {
        control.onRosterItem(BOB, TO, NONE);
        events.awaitAnswer(BOB, false);
        assertEquals(SubscriptionMemory.Kind.DROPPED, control.refusal(BOB).orElseThrow().kind());
        control.onUnsubscribed(BOB); // ejabberd: the push comes before the contact's unsubscribed
        assertEquals(SubscriptionMemory.Kind.DENIED, control.refusal(BOB).orElseThrow().kind());
    }

    @Test
    void removedWithSubscription_remembered_andReported() {
        control.onRemoved(BOB, TO);
        events.awaitRemoved(BOB);
        assertTrue(control.refusal(BOB).isPresent());
    }

    @Test
    void usersOwnClientAsksAgain_forgetsTheRefusal() {
        control.onRosterItem(BOB, TO, NONE);
        control.onRosterItem(BOB, NONE, ASKED);
        assertEquals(Optional.empty(), control.refusal(BOB));
    }

    @Test
    void errorAnswer_reported_andTheNextRequestGoesOutAgain() {
        ask();
        tracker.replaceRoster(Map.of(BOB, ASKED)); // the failed request left ask='subscribe' (both servers)
        PresenceError error = new PresenceError(PresenceError.Type.CANCEL, "remote-server-not-found",
                Optional.empty());
        control.onError(BOB, error);
        ask();
        assertEquals(2, sent.size());
        assertTrue(events.all().contains(new RecordingListener.Failed(BOB, error)), events.all().toString());
    }
}
