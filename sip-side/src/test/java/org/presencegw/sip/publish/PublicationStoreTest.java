package org.presencegw.sip.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.api.ExpiryPolicy;

/** RFC 3903 section 6 rules of the event state compositor (CONFORMANCE PUB-01..PUB-11). */
class PublicationStoreTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final String URI = "sip:bob@reg.example";
    private static final SipAddress BOB = SipAddress.of("bob", "reg.example");

    private final PublicationStore store = new PublicationStore(new ExpiryPolicy(3600, 60, 7200),
            a -> a.host().equals("reg.example") && !a.user().equals("nobody"), new SecureRandom());

    private static Optional<PublishBody> pidf(String tupleId, String basic, String extra) {
        String xml = "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'"
                + " xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='" + URI + "'><tuple id='" + tupleId
                + "'><status><basic>" + basic + "</basic></status></tuple>" + extra + "</presence>";
        return Optional.of(new PublishBody("application/pidf+xml; charset=UTF-8",
                xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Optional<PublishBody> pidf(String tupleId, String basic) {
        return pidf(tupleId, basic, "");
    }

    private static PublishRequest publish(List<String> ifMatch, Optional<String> expires, Optional<PublishBody> body) {
        return new PublishRequest(URI, Optional.of("presence"), ifMatch, expires, body);
    }

    private PublishOutcome.Success ok(PublishRequest r, Instant now) {
        return assertInstanceOf(PublishOutcome.Success.class, store.process(r, now));
    }

    private PublishOutcome.Failure failed(PublishRequest r) {
        return assertInstanceOf(PublishOutcome.Failure.class, store.process(r, T0));
    }

    private String initial(Optional<String> expires) {
        return ok(publish(List.of(), expires, pidf("t1", "open")), T0).etag().orElseThrow();
    }

    @Test
    @DisplayName("PUB-01")
    void process_unknownResource_404() {
        PublishRequest r = new PublishRequest("sip:nobody@reg.example", Optional.of("presence"), List.of(),
                Optional.empty(), pidf("t1", "open"));
        assertEquals(404, failed(r).status());
        assertEquals(404, failed(new PublishRequest("tel:+1555", Optional.of("presence"), List.of(),
                Optional.empty(), pidf("t1", "open"))).status());
    }

    @Test
    @DisplayName("PUB-02")
    void process_missingOrOtherEvent_489WithAllowEvents() {
        for (Optional<String> event : List.of(Optional.<String>empty(), Optional.of("dialog"),
                Optional.of("presence.winfo"))) {
            PublishOutcome.Failure f = failed(new PublishRequest(URI, event, List.of(), Optional.empty(),
                    pidf("t1", "open")));
            assertEquals(489, f.status());
            assertEquals(Map.of("Allow-Events", "presence"), f.headers());
        }
    }

    @Test
    void process_eventWithParameter_accepted() {
        ok(new PublishRequest(URI, Optional.of("presence;id=1"), List.of(), Optional.empty(), pidf("t1", "open")),
                T0);
    }

    @Test
    @DisplayName("PUB-03, PUB-05")
    void process_initialPublish_etagDefaultExpiresAndChange() {
        PublishOutcome.Success s = ok(publish(List.of(), Optional.empty(), pidf("t1", "open")), T0);
        assertTrue(s.etag().isPresent());
        assertEquals(3600, s.expiresSeconds());
        PresenceDocument state = s.change().orElseThrow().state().orElseThrow();
        assertEquals(List.of(PresenceTuple.of("t1", Basic.OPEN)), state.tuples());
        assertEquals(Optional.of(state), store.state(BOB, T0));
    }

    @Test
    @DisplayName("PUB-04")
    void process_severalEtags_400() {
        String e = initial(Optional.empty());
        assertEquals(400, failed(publish(List.of(e + ", other"), Optional.empty(), Optional.empty())).status());
        assertEquals(400, failed(publish(List.of(e, e), Optional.empty(), Optional.empty())).status());
    }

    @Test
    @DisplayName("PUB-04")
    void process_unknownEtag_412() {
        initial(Optional.empty());
        assertEquals(412, failed(publish(List.of("nope"), Optional.empty(), Optional.empty())).status());
    }

    @Test
    @DisplayName("PUB-05")
    void process_expiryBelowMin_423WithMinExpires() {
        PublishOutcome.Failure f = failed(publish(List.of(), Optional.of("5"), pidf("t1", "open")));
        assertEquals(423, f.status());
        assertEquals(Map.of("Min-Expires", "60"), f.headers());
        assertTrue(store.state(BOB, T0).isEmpty());
    }

    @Test
    void process_expiryAboveMax_lowered() {
        assertEquals(7200, ok(publish(List.of(), Optional.of("99999"), pidf("t1", "open")), T0).expiresSeconds());
    }

    @Test
    @DisplayName("PUB-06")
    void process_nonPidfBody_415WithAccept() {
        PublishOutcome.Failure f = failed(publish(List.of(), Optional.empty(),
                Optional.of(new PublishBody("text/plain", "hi".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(415, f.status());
        assertEquals(Map.of("Accept", "application/pidf+xml"), f.headers());
    }

    @Test
    void process_malformedPidf_400() {
        PublishOutcome.Failure f = failed(publish(List.of(), Optional.empty(),
                Optional.of(new PublishBody("application/pidf+xml", "<presence".getBytes(StandardCharsets.UTF_8)))));
        assertEquals(400, f.status());
        assertTrue(f.reason().startsWith("Bad PIDF"), f.reason());
    }

    @Test
    @DisplayName("PUB-07")
    void process_initialWithoutBody_400() {
        assertEquals(400, failed(publish(List.of(), Optional.empty(), Optional.empty())).status());
    }

    @Test
    @DisplayName("PUB-08")
    void process_refreshModifyRemove_newEtagsStateReplacedThenRemoved() {
        String e1 = initial(Optional.empty());
        PublishOutcome.Success refresh = ok(publish(List.of(e1), Optional.of("600"), Optional.empty()),
                T0.plusSeconds(100));
        String e2 = refresh.etag().orElseThrow();
        assertNotEquals(e1, e2);
        assertEquals(600, refresh.expiresSeconds());
        assertTrue(refresh.change().isEmpty(), "a refresh keeps the state");
        assertEquals(412, failed(publish(List.of(e1), Optional.empty(), Optional.empty())).status());

        PublishOutcome.Success modify = ok(publish(List.of(e2), Optional.empty(), pidf("t1", "closed")),
                T0.plusSeconds(200));
        String e3 = modify.etag().orElseThrow();
        assertEquals(Basic.CLOSED, modify.change().orElseThrow().state().orElseThrow().tuples().get(0).basic());

        PublishOutcome.Success remove = ok(publish(List.of(e3), Optional.of("0"), Optional.empty()),
                T0.plusSeconds(300));
        assertEquals(Optional.empty(), remove.etag());
        assertEquals(0, remove.expiresSeconds());
        assertEquals(Optional.of(new PublicationChange(BOB, Optional.empty())), remove.change());
        assertTrue(store.state(BOB, T0.plusSeconds(300)).isEmpty());
    }

    @Test
    @DisplayName("PUB-09")
    void process_manyOperations_etagsNeverReused() {
        Set<String> seen = new HashSet<>();
        String etag = initial(Optional.empty());
        seen.add(etag);
        for (int i = 0; i < 50; i++) {
            etag = ok(publish(List.of(etag), Optional.empty(), i % 2 == 0 ? Optional.empty() : pidf("t1", "open")),
                    T0).etag().orElseThrow();
            assertTrue(seen.add(etag), "etag reused: " + etag);
        }
        assertTrue(seen.add(initial(Optional.empty())));
    }

    @Test
    void process_rpidBusyPublished_appearsInState() {
        ok(publish(List.of(), Optional.empty(), pidf("t1", "open",
                "<dm:person id='p'><rpid:activities><rpid:busy/></rpid:activities></dm:person>")), T0);
        assertEquals(Set.of(Activity.BUSY), store.state(BOB, T0).orElseThrow().person().orElseThrow().activities());
    }

    @Test
    void process_twoLivePublications_tuplesMergedLatestWinsOnSameId() {
        ok(publish(List.of(), Optional.empty(), pidf("desk", "open")), T0);
        ok(publish(List.of(), Optional.empty(), pidf("phone", "open")), T0.plusSeconds(1));
        assertEquals(List.of("desk", "phone"), store.state(BOB, T0.plusSeconds(1)).orElseThrow().tuples().stream()
                .map(PresenceTuple::id).toList());
        ok(publish(List.of(), Optional.empty(), pidf("desk", "closed")), T0.plusSeconds(2));
        PresenceDocument state = store.state(BOB, T0.plusSeconds(2)).orElseThrow();
        assertEquals(2, state.tuples().size());
        assertEquals(Basic.CLOSED, state.tuples().stream().filter(t -> t.id().equals("desk")).findFirst()
                .orElseThrow().basic());
    }

    @Test
    void sweep_expiredPublication_removedWithChange() {
        initial(Optional.of("60"));
        assertTrue(store.sweep(T0.plusSeconds(59)).changes().isEmpty());
        PublicationStore.Swept swept = store.sweep(T0.plusSeconds(60));
        assertEquals(List.of(new PublicationChange(BOB, Optional.empty())), swept.changes());
        assertEquals(1, swept.writes().size(), "the lapsed publication is removed from the store too");
        assertTrue(store.sweep(T0.plusSeconds(61)).changes().isEmpty());
    }

    @Test
    void sweep_afterARefreshToAShorterExpiry_removesThePublicationWhenItLapses() {
        String e = initial(Optional.of("3600"));
        assertTrue(store.sweep(T0.plusSeconds(1)).changes().isEmpty());
        ok(publish(List.of(e), Optional.of("60"), Optional.empty()), T0.plusSeconds(10));
        assertTrue(store.sweep(T0.plusSeconds(69)).changes().isEmpty());
        assertEquals(List.of(new PublicationChange(BOB, Optional.empty())), store.sweep(T0.plusSeconds(70)).changes(),
                "due at 70 s, not at the first expiry's 3600 s");
    }

    @Test
    void sweep_ofOneResource_leavesTheOthersDueWhenTheyLapse() {
        initial(Optional.of("60"));
        ok(new PublishRequest("sip:carol@reg.example", Optional.of("presence"), List.of(), Optional.of("120"),
                pidf("t2", "open")), T0);
        assertEquals(1, store.sweep(T0.plusSeconds(60)).changes().size());
        assertTrue(store.sweep(T0.plusSeconds(119)).changes().isEmpty());
        assertEquals(1, store.sweep(T0.plusSeconds(120)).changes().size(), "carol's, due after bob's sweep");
    }

    @Test
    void process_etagOfLapsedPublication_412() {
        String e = initial(Optional.of("60"));
        assertEquals(412, assertInstanceOf(PublishOutcome.Failure.class,
                store.process(publish(List.of(e), Optional.empty(), Optional.empty()), T0.plusSeconds(60))).status());
    }

    @Test
    void process_initialWithExpiresZero_okNothingStored() {
        PublishOutcome.Success s = ok(publish(List.of(), Optional.of("0"), pidf("t1", "open")), T0);
        assertEquals(Optional.empty(), s.etag());
        assertTrue(s.change().isEmpty());
        assertTrue(store.state(BOB, T0).isEmpty());
    }

    @Test
    void restore_keepsEtags_refreshAfterRestartSucceeds_lapsedPurged() {
        String e1 = initial(Optional.of("600"));
        List<org.presencegw.sip.store.PublicationRow> rows = store.rows();
        assertEquals(1, rows.size());
        PublicationStore restarted = new PublicationStore(new ExpiryPolicy(3600, 60, 7200), a -> true,
                new java.security.SecureRandom());
        PublicationStore.Restored r = restarted.restore(rows, T0.plusSeconds(10));
        assertEquals(List.of(BOB), r.resources());
        assertTrue(r.writes().isEmpty());
        PublishOutcome.Success refreshed = assertInstanceOf(PublishOutcome.Success.class,
                restarted.process(publish(List.of(e1), Optional.empty(), Optional.empty()), T0.plusSeconds(20)));
        assertNotEquals(e1, refreshed.etag().orElseThrow());
        assertTrue(restarted.state(BOB, T0.plusSeconds(20)).isPresent());

        PublicationStore late = new PublicationStore(new ExpiryPolicy(3600, 60, 7200), a -> true,
                new java.security.SecureRandom());
        assertEquals(1, late.restore(rows, T0.plusSeconds(600)).writes().size(), "lapsed while down: removed");
        assertTrue(late.state(BOB, T0.plusSeconds(600)).isEmpty());
    }

    private static PublishRequest initialFor(String user, String tupleId, int expires) {
        return new PublishRequest("sip:" + user + "@reg.example", Optional.of("presence"), List.of(),
                Optional.of(Integer.toString(expires)), pidf(tupleId, "open"));
    }

    @Test
    @DisplayName("SEC-05: beyond publications_per_aor a new publication replaces the one lapsing first")
    void process_beyondPerAorLimit_replacesTheOneLapsingFirst_othersUntouched() {
        store.limit(3, 100);
        ok(initialFor("carol", "c", 600), T0);
        List<String> etags = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            etags.add(ok(initialFor("bob", "t" + i, 600 + 60 * ((i + 1) % 3)), T0).etag().orElseThrow());
        }
        // t2 lapses first (600 s), then t0 (660 s), then t1 (720 s).
        PublishOutcome.Success fourth = ok(initialFor("bob", "t3", 600), T0.plusSeconds(1));
        assertTrue(fourth.writes().contains(new org.presencegw.sip.store.SipChange.RemovePublication(etags.get(2))),
                fourth.writes().toString());
        assertEquals(List.of("t0", "t1", "t3"), fourth.change().orElseThrow().state().orElseThrow().tuples().stream()
                .map(PresenceTuple::id).toList());
        assertEquals(4, store.size(), "three of bob's and carol's one");
        assertEquals(412, failed(publish(List.of(etags.get(2)), Optional.empty(), Optional.empty())).status(),
                "the replaced one's publisher is told to publish anew (RFC 3903 section 6 step 3)");
        PublishOutcome.Success refresh = ok(publish(List.of(etags.get(0)), Optional.empty(), Optional.empty()),
                T0.plusSeconds(2));
        assertEquals(List.of(), refresh.writes().stream().filter(w -> w instanceof
                org.presencegw.sip.store.SipChange.RemovePublication r && !r.etag().equals(etags.get(0))).toList(),
                "a refresh replaces nothing else");
        for (int i = 0; i < 50; i++) {
            ok(initialFor("bob", "x" + i, 600), T0.plusSeconds(3 + i));
        }
        assertEquals(4, store.size(), "a publisher that never refreshes costs only its own presentity");
        assertTrue(store.state(SipAddress.of("carol", "reg.example"), T0.plusSeconds(60)).isPresent());
    }

    @Test
    @DisplayName("SEC-05: beyond publications_total a new publication is 503 + Retry-After; refreshes go on")
    void process_beyondTotal_new503WithRetryAfter_refreshAndReplacementServed() {
        store.limit(2, 3);
        String bob = initial(Optional.empty());
        ok(initialFor("carol", "c1", 600), T0);
        ok(initialFor("carol", "c2", 600), T0);
        PublishOutcome.Failure full = failed(initialFor("dave", "d", 600));
        assertEquals(503, full.status());
        assertEquals(Map.of("Retry-After", "5"), full.headers());
        assertEquals(3, store.size());
        ok(publish(List.of(bob), Optional.empty(), Optional.empty()), T0);
        ok(initialFor("carol", "c3", 600), T0.plusSeconds(1));
        assertEquals(3, store.size(), "carol at her limit: the new one replaced one, the total did not grow");
    }

    @Test
    void rows_ofARefreshedPublication_readBackAsTheSameDocument() throws Exception {
        String e = ok(publish(List.of(), Optional.empty(), pidf("t1", "open",
                "<dm:person id='p'><rpid:activities><rpid:busy/></rpid:activities><dm:note xml:lang='de'>Im"
                        + " Termin &amp; so</dm:note></dm:person>")), T0).etag().orElseThrow();
        PublishOutcome.Success refresh = ok(publish(List.of(e), Optional.empty(), Optional.empty()), T0);
        org.presencegw.sip.store.PublicationRow row = refresh.writes().stream()
                .filter(w -> w instanceof org.presencegw.sip.store.SipChange.PutPublication)
                .map(w -> ((org.presencegw.sip.store.SipChange.PutPublication) w).row()).findFirst().orElseThrow();
        assertEquals(store.state(BOB, T0).orElseThrow(), PidfParser.parse(row.body()));
        assertEquals("application/pidf+xml", row.contentType());
        assertEquals(List.of(row), store.rows());
    }
}
