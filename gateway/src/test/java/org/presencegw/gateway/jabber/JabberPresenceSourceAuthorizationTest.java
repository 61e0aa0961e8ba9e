package org.presencegw.gateway.jabber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.xmpp.PresenceError;
import org.presencegw.xmpp.Refusal;
import org.presencegw.xmpp.RosterSubscription;
import org.presencegw.xmpp.SubscriptionMemory;

/** Watches that cannot be authorized: remembered refusals, presence errors (AZ-08), giveup (AZ-09). */
class JabberPresenceSourceAuthorizationTest {
    private static final SipAddress ALICE_SIP = SipAddress.parse("sip:alice@sip.example");
    private static final SipAddress BOB = SipAddress.parse("sip:bob@jabber.example");
    private static final EntityBareJid BOB_JID = JidCreate.entityBareFromOrThrowUnchecked("bob@xmpp.example");

    private final List<Map.Entry<ViewKey, PresenceState>> published = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ownPresence = new ArrayList<>();
    private final JabberPresenceSource source = new JabberPresenceSource(
            new AddressMapper(JidCreate.domainBareFromOrThrowUnchecked("xmpp.example")),
            (view, state) -> published.add(Map.entry(view, state)),
            (user, account, watching) -> ownPresence.add(user + "=" + watching), "sip-gateway");
    private final FakeAccount alice = new FakeAccount("alice@xmpp.example");

    JabberPresenceSourceAuthorizationTest() {
        source.addMappedAccount(ALICE_SIP, alice);
    }

    private PresenceState lastPublished() {
        return published.get(published.size() - 1).getValue();
    }

    @Test
    void refusalRemembered_watchRefused403_noRequest() { // issue 11: quiet period
        alice.refusal = Optional.of(new Refusal(SubscriptionMemory.Kind.DENIED, Instant.EPOCH,
                Instant.parse("2026-12-03T10:00:00Z")));
        WatchResult r = source.watch(ALICE_SIP, BOB);
        WatchResult.Refused refused = assertInstanceOf(WatchResult.Refused.class, r);
        assertEquals(403, refused.status());
        assertTrue(refused.reason().contains("denied") && refused.reason().contains("2026-12-03T10:00:00Z"),
                refused.reason());
        assertEquals(List.of(), alice.requested);
        assertEquals(0, source.viewCount());
        assertEquals(List.of(), ownPresence, "no watching loop for a refused watch");
    }

    /**
     * The user's own client removes a watched contact: the view ends (rejected), and a phone that subscribes again
     * before the ended view has let go of its contact is refused all the same (a race seen in
     * JabberEdgeCasesProsodyIT: the state pushed before the refusal was remembered said "no refusal").
     */
    @Test
    void contactRemovedWhileWatched_reWatchBeforeTheViewIsReleased_refused403() {
        alice.set(BOB_JID, RosterSubscription.BOTH);
        WatchResult.Accepted watching = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE_SIP, BOB));

        alice.contacts.remove(BOB_JID);
        alice.refusal = Optional.of(new Refusal(SubscriptionMemory.Kind.DROPPED, Instant.EPOCH,
                Instant.parse("2026-12-03T10:00:00Z")));
        source.contactRemoved(alice.jid(), BOB_JID);
        PresenceState.Terminated end = assertInstanceOf(PresenceState.Terminated.class, lastPublished());
        assertEquals(TerminationReason.REJECTED, end.reason());
        assertEquals(watching.view(), published.get(published.size() - 1).getKey());

        WatchResult again = source.watch(ALICE_SIP, BOB);
        assertEquals(403, assertInstanceOf(WatchResult.Refused.class, again).status(), again.toString());
        assertEquals(List.of(), alice.requested, "bob asked again in alice's name");
    }

    @Test
    void presenceError_pendingWatchEndsWithTheErrorsReason_seenContactUntouched() { // AZ-08
        source.watch(ALICE_SIP, BOB);
        source.presenceError(alice.jid(), BOB_JID, new PresenceError(PresenceError.Type.CANCEL,
                "remote-server-not-found", Optional.of("DNS lookup failed")));
        assertEquals(new PresenceState.Terminated(TerminationReason.NORESOURCE), lastPublished());

        SipAddress carol = SipAddress.parse("sip:carol@jabber.example");
        EntityBareJid carolJid = JidCreate.entityBareFromOrThrowUnchecked("carol@xmpp.example");
        alice.set(carolJid, RosterSubscription.TO);
        source.watch(ALICE_SIP, carol);
        int count = published.size();
        source.presenceError(alice.jid(), carolJid, new PresenceError(PresenceError.Type.AUTH, "forbidden",
                Optional.empty()));
        assertEquals(count, published.size(), "a contact we see keeps its state");
    }

    @Test
    void errorReasons_byConditionThenType() { // AZ-08
        assertEquals(TerminationReason.REJECTED, ErrorReasons.reasonFor(error(PresenceError.Type.CANCEL,
                "not-allowed")));
        assertEquals(TerminationReason.REJECTED, ErrorReasons.reasonFor(error(PresenceError.Type.AUTH, "forbidden")));
        assertEquals(TerminationReason.NORESOURCE, ErrorReasons.reasonFor(error(PresenceError.Type.CANCEL,
                "item-not-found")));
        assertEquals(TerminationReason.PROBATION, ErrorReasons.reasonFor(error(PresenceError.Type.WAIT,
                "remote-server-timeout")));
        assertEquals(TerminationReason.PROBATION, ErrorReasons.reasonFor(error(PresenceError.Type.WAIT, "x")));
        assertEquals(TerminationReason.REJECTED, ErrorReasons.reasonFor(error(PresenceError.Type.AUTH, "x")));
        assertEquals(TerminationReason.NORESOURCE, ErrorReasons.reasonFor(error(PresenceError.Type.CANCEL,
                "undefined-condition")));
    }

    private static PresenceError error(PresenceError.Type type, String condition) {
        return new PresenceError(type, condition, Optional.empty());
    }

    @Test
    void pendingTooLong_giveup_butAnAnswerInTimeStopsTheTimer() throws InterruptedException { // AZ-09
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            JabberPresenceSource giving = new JabberPresenceSource(
                    new AddressMapper(JidCreate.domainBareFromOrThrowUnchecked("xmpp.example")),
                    (view, state) -> published.add(Map.entry(view, state)), (u, a, w) -> { }, "sip-gateway",
                    timers, Duration.ofMillis(200));
            FakeAccount carol = new FakeAccount("carol@xmpp.example");
            giving.addMappedAccount(SipAddress.parse("sip:carol@sip.example"), carol);
            WatchResult.Accepted a = (WatchResult.Accepted) giving.watch(SipAddress.parse("sip:carol@sip.example"),
                    BOB);
            assertEquals(PresenceState.PENDING, a.current());
            PresenceState.Terminated end = awaitTerminated(a.view());
            assertEquals(TerminationReason.GIVEUP, end.reason());

            published.clear();
            SipAddress dave = SipAddress.parse("sip:dave@jabber.example");
            WatchResult.Accepted d = (WatchResult.Accepted) giving.watch(SipAddress.parse("sip:carol@sip.example"),
                    dave);
            giving.subscriptionAnswered(carol.jid(), JidCreate.entityBareFromOrThrowUnchecked("dave@xmpp.example"),
                    true);
            Thread.sleep(400); // a negative check: longer than the giveup time
            assertTrue(published.stream().noneMatch(e -> e.getKey().equals(d.view())
                    && e.getValue() instanceof PresenceState.Terminated), published.toString());
        } finally {
            timers.shutdownNow();
        }
    }

    private PresenceState.Terminated awaitTerminated(ViewKey view) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            synchronized (published) {
                for (Map.Entry<ViewKey, PresenceState> e : published) {
                    if (e.getKey().equals(view) && e.getValue() instanceof PresenceState.Terminated t) {
                        return t;
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no terminated state for " + view + ": " + published);
    }

}
