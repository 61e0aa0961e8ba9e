package org.presencegw.sip.registrar;

import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.testing.TestClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.registrar.RegisterRequests.register;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;

/** Registration-derived presence with a recording sink and a hand-moved clock (PRS-09, REG-14). */
class RegistrarPresenceSourceTest {

    private static final SipAddress BOB = SipAddress.of("bob", "reg.example");
    private static final SipAddress ALICE = SipAddress.of("alice", "sip.example");
    private static final SipAddress CAROL = SipAddress.of("carol", "sip.example");

    private final TestClock clock = TestClock.fixedAt(Instant.parse("2025-01-01T10:00:00Z"));
    private final Registrar registrar = new Registrar(
            new RegistrarConfig(Set.of("reg.example"), new ExpiryPolicy(3600, 1, 7200)),
            new InMemoryRegistrationTable());
    private final List<Published> published = new ArrayList<>();
    private final RegistrarPresenceSource source = new RegistrarPresenceSource(registrar,
            (view, state) -> published.add(new Published(view, state)), clock);

    private long cseq;

    private record Published(ViewKey view, PresenceState state) {
    }

    private void registerBob(String callId, String expires, String contact) {
        RegisterOutcome.Success ok = assertInstanceOf(RegisterOutcome.Success.class,
                registrar.process(register(callId, ++cseq, Optional.of(expires), contact), clock.instant()));
        ok.change().ifPresent(source::onChange);
    }

    private static List<Basic> basics(PresenceState state) {
        return assertInstanceOf(PresenceState.Known.class, state).document().tuples().stream()
                .map(PresenceTuple::basic).toList();
    }

    private List<Basic> lastPublished() {
        return basics(published.get(published.size() - 1).state());
    }

    @Test
    void watch_noBinding_acceptedWithOneClosedTuple() {
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        assertEquals(List.of(Basic.CLOSED), basics(a.current()));
        assertEquals(new ViewKey("registrar", "sip:bob@reg.example"), a.view());
    }

    @Test
    void watch_otherDomain_refused404() {
        WatchResult.Refused r = assertInstanceOf(WatchResult.Refused.class,
                source.watch(ALICE, SipAddress.of("bob", "elsewhere.example")));
        assertEquals(404, r.status());
    }

    @Test
    void watch_twoWatchers_shareOneViewPerAor() {
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        WatchResult.Accepted c = assertInstanceOf(WatchResult.Accepted.class, source.watch(CAROL, BOB));
        assertEquals(a.view(), c.view());
        assertEquals(1, source.watchedAddresses());
    }

    @Test
    @DisplayName("PRS-09")
    void onChange_watched_publishesOpenTuplePerContactThenClosed() {
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        registerBob("c1", "60", "<sip:bob@192.0.2.4>");
        assertEquals(List.of(Basic.OPEN), lastPublished());
        assertEquals(a.view(), published.get(0).view());
        registerBob("c2", "60", "<sip:bob@192.0.2.5>");
        assertEquals(List.of(Basic.OPEN, Basic.OPEN), lastPublished());
        registerBob("c1", "0", "<sip:bob@192.0.2.4>");
        assertEquals(List.of(Basic.OPEN), lastPublished());
        registerBob("c2", "0", "<sip:bob@192.0.2.5>");
        assertEquals(List.of(Basic.CLOSED), lastPublished());
        assertEquals(4, published.size());
    }

    @Test
    void current_isTheLastPublishedState_whileWatched() {
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        registerBob("c1", "60", "<sip:bob@192.0.2.4>");
        assertEquals(List.of(Basic.OPEN), basics(source.current(a.view()).orElseThrow()));
        assertEquals(published.get(published.size() - 1).state(), source.current(a.view()).orElseThrow());
        source.release(a.view(), ALICE);
        assertEquals(Optional.empty(), source.current(a.view()), "unwatched: the source keeps no view");
    }

    @Test
    void onChange_unwatched_publishesNothing() {
        registerBob("c1", "60", "<sip:bob@192.0.2.4>");
        assertTrue(published.isEmpty());
    }

    @Test
    void release_lastWatcher_stopsPublishing_butOneOfTwoKeepsIt() {
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        source.watch(CAROL, BOB);
        source.release(a.view(), ALICE);
        registerBob("c1", "60", "<sip:bob@192.0.2.4>");
        assertEquals(1, published.size());
        source.release(a.view(), CAROL);
        assertEquals(0, source.watchedAddresses());
        registerBob("c1", "0", "<sip:bob@192.0.2.4>");
        assertEquals(1, published.size());
    }

    @Test
    @DisplayName("REG-14")
    void sweep_expiredLastBinding_publishesClosed() {
        source.watch(ALICE, BOB);
        registerBob("c1", "2", "<sip:bob@192.0.2.4>");
        source.sweep();
        assertEquals(1, published.size(), "nothing lapsed yet");
        clock.advance(Duration.ofSeconds(2));
        source.sweep();
        assertEquals(List.of(Basic.CLOSED), lastPublished());
        assertEquals(2, published.size());
    }

    @Test
    void watch_afterBindingExpiredButBeforeSweep_isClosed() {
        registerBob("c1", "2", "<sip:bob@192.0.2.4>");
        clock.advance(Duration.ofSeconds(3));
        WatchResult.Accepted a = assertInstanceOf(WatchResult.Accepted.class, source.watch(ALICE, BOB));
        assertEquals(List.of(Basic.CLOSED), basics(a.current()));
    }

}
