package org.presencegw.sip.registrar;

import org.presencegw.sip.api.ExpiryPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.registrar.RegisterRequests.register;
import static org.presencegw.sip.registrar.RegisterRequests.withTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;

/** RFC 3261 section 10.3 rules of the registrar (CONFORMANCE REG-01..REG-13, TORT-10/17). */
class RegistrarTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final SipAddress BOB = SipAddress.of("bob", "reg.example");

    private final InMemoryRegistrationTable table = new InMemoryRegistrationTable();
    private final Registrar registrar =
            new Registrar(new RegistrarConfig(Set.of("REG.example"), new ExpiryPolicy(3600, 60, 7200)), table);

    private RegisterOutcome.Success ok(RegisterRequest request, Instant now) {
        return assertInstanceOf(RegisterOutcome.Success.class, registrar.process(request, now));
    }

    private RegisterOutcome.Failure failed(RegisterRequest request) {
        return assertInstanceOf(RegisterOutcome.Failure.class, registrar.process(request, T0));
    }

    private List<String> contactsOf(SipAddress aor) {
        return table.bindings(aor).stream().map(b -> b.contact().text()).toList();
    }

    @Test
    @DisplayName("REG-01")
    void process_requestUriOfOtherDomain_404() {
        RegisterRequest r = new RegisterRequest("sip:other.example", "<sip:bob@other.example>",
                List.of("<sip:bob@192.0.2.4>"), Optional.empty(), "c", 1, List.of(), Optional.empty(), "udp:x");
        assertEquals(404, failed(r).status());
        assertTrue(table.addressesOfRecord().isEmpty());
    }

    @Test
    @DisplayName("REG-04")
    void process_toOfOtherDomain_404() {
        assertEquals(404, failed(withTo("<sip:x@other.example>", "<sip:x@192.0.2.4>")).status());
    }

    @Test
    @DisplayName("REG-04, TORT-17")
    void process_toWithNonSipScheme_400() {
        assertEquals(400, failed(withTo("<isbn:2983792873>", "<sip:x@192.0.2.4>")).status());
    }

    @Test
    @DisplayName("REG-02")
    void process_requireHeader_420WithUnsupported() {
        RegisterRequest r = new RegisterRequest("sip:reg.example", "<sip:bob@reg.example>", List.of(),
                Optional.empty(), "c", 1, List.of("foo"), Optional.empty(), "udp:x");
        RegisterOutcome.Failure f = failed(r);
        assertEquals(420, f.status());
        assertEquals(Map.of("Unsupported", "foo"), f.headers());
    }

    @Test
    @DisplayName("REG-03")
    void process_authenticatedUserRegistersOthersAor_403() {
        RegisterRequest r = new RegisterRequest("sip:reg.example", "<sip:bob@reg.example>",
                List.of("<sip:bob@192.0.2.4>"), Optional.empty(), "c", 1, List.of(), Optional.of("carol"), "udp:x");
        assertEquals(403, failed(r).status());
    }

    @Test
    @DisplayName("REG-04")
    void process_aorSpelledWithUserParamOrEscape_indexesSameAor() {
        ok(withTo("<sip:bob@reg.example;user=phone>", "<sip:bob@192.0.2.4>"), T0);
        ok(withTo("\"Bob\" <sip:%62ob@REG.example>;tag=9", "<sip:bob@192.0.2.5>"), T0);
        assertEquals(Set.of(BOB), table.addressesOfRecord());
        assertEquals(List.of("sip:bob@192.0.2.4", "sip:bob@192.0.2.5"), contactsOf(BOB));
    }

    @Test
    @DisplayName("REG-05")
    void process_noContact_listsAllBindingsWithExpires() {
        ok(register("a", 1, "<sip:bob@192.0.2.4>;expires=120", "<sip:bob@192.0.2.5>"), T0);
        RegisterOutcome.Success query = ok(register("q", 1), T0.plusSeconds(20));
        assertEquals(List.of("<sip:bob@192.0.2.4>;expires=100", "<sip:bob@192.0.2.5>;expires=3580"),
                query.contacts().stream().map(ListedBinding::headerValue).toList());
        assertTrue(query.change().isEmpty());
    }

    @Test
    @DisplayName("REG-06")
    void process_wildcardWithExpiresZero_removesAllBindings() {
        ok(register("a", 1, "<sip:bob@192.0.2.4>", "<sip:bob@192.0.2.5>"), T0);
        RegisterOutcome.Success s = ok(register("b", 1, Optional.of("0"), "*"), T0);
        assertTrue(s.contacts().isEmpty());
        assertEquals(BindingsChanged.Kind.LAST_REMOVED, s.change().orElseThrow().kind());
        assertTrue(table.bindings(BOB).isEmpty());
    }

    @Test
    @DisplayName("REG-06")
    void process_wildcardWithNonZeroOrMissingExpires_400() {
        assertEquals(400, failed(register("b", 1, Optional.of("10"), "*")).status());
        assertEquals(400, failed(register("b", 1, "*")).status());
    }

    @Test
    @DisplayName("REG-06")
    void process_wildcardWithOtherContact_400() {
        ok(register("a", 1, "<sip:bob@192.0.2.4>"), T0);
        assertEquals(400, failed(register("b", 1, Optional.of("0"), "*", "<sip:bob@192.0.2.5>")).status());
        assertEquals(400, failed(register("b", 1, Optional.of("0"), "*, <sip:bob@192.0.2.5>")).status());
        assertEquals(List.of("sip:bob@192.0.2.4"), contactsOf(BOB));
    }

    @Test
    void process_wildcardSameCallIdLowerCseq_500KeepsBindings() {
        ok(register("a", 5, "<sip:bob@192.0.2.4>"), T0);
        assertEquals(500, failed(register("a", 5, Optional.of("0"), "*")).status());
        assertEquals(List.of("sip:bob@192.0.2.4"), contactsOf(BOB));
    }

    @Test
    @DisplayName("REG-07")
    void process_contactParamAndHeader_paramWins() {
        RegisterOutcome.Success s = ok(register("a", 1, Optional.of("600"), "<sip:bob@192.0.2.4>;expires=120"), T0);
        assertEquals(120, s.contacts().get(0).expiresSeconds());
        assertEquals(T0.plusSeconds(120), table.bindings(BOB).get(0).expiresAt());
    }

    @Test
    @DisplayName("REG-07")
    void process_onlyExpiresHeader_headerUsed() {
        assertEquals(600, ok(register("a", 1, Optional.of("600"), "<sip:bob@192.0.2.4>"), T0)
                .contacts().get(0).expiresSeconds());
    }

    @Test
    @DisplayName("REG-07")
    void process_noExpiryGiven_configuredDefault() {
        assertEquals(3600, ok(register("a", 1, "<sip:bob@192.0.2.4>"), T0).contacts().get(0).expiresSeconds());
    }

    @Test
    @DisplayName("TORT-10")
    void process_overlargeExpiresHeader_treatedAsDefault() {
        RegisterOutcome.Success s = ok(register("a", 1, Optional.of("280297596632815"), "<sip:bob@192.0.2.4>"), T0);
        assertEquals(3600, s.contacts().get(0).expiresSeconds());
    }

    @Test
    void process_expiryAboveMax_loweredToMax() {
        assertEquals(7200, ok(register("a", 1, "<sip:bob@192.0.2.4>;expires=100000"), T0)
                .contacts().get(0).expiresSeconds());
    }

    @Test
    @DisplayName("REG-08")
    void process_expiryBelowMin_423WithMinExpiresAndNoBinding() {
        RegisterOutcome.Failure f = failed(register("a", 1, "<sip:bob@192.0.2.4>;expires=30"));
        assertEquals(423, f.status());
        assertEquals(Map.of("Min-Expires", "60"), f.headers());
        assertTrue(table.bindings(BOB).isEmpty());
    }

    @Test
    @DisplayName("REG-08")
    void process_expiresZero_neverTooBriefRemovesBinding() {
        ok(register("a", 1, "<sip:bob@192.0.2.4>", "<sip:bob@192.0.2.5>"), T0);
        RegisterOutcome.Success s = ok(register("a", 2, "<sip:bob@192.0.2.4>;expires=0"), T0);
        assertEquals(List.of("sip:bob@192.0.2.5"), contactsOf(BOB));
        assertEquals(BindingsChanged.Kind.CHANGED, s.change().orElseThrow().kind());
    }

    @Test
    @DisplayName("REG-09")
    void process_sameCallIdCseqNotHigher_500BindingUnchanged() {
        ok(register("a", 7, "<sip:bob@192.0.2.4>;expires=100"), T0);
        assertEquals(500, failed(register("a", 7, "<sip:bob@192.0.2.4>;expires=0")).status());
        assertEquals(500, failed(register("a", 5, "<sip:bob@192.0.2.4>;expires=900")).status());
        Binding b = table.bindings(BOB).get(0);
        assertEquals(7, b.cseq());
        assertEquals(T0.plusSeconds(100), b.expiresAt());
    }

    @Test
    void process_sameCallIdHigherCseq_refreshesBinding() {
        ok(register("a", 7, "<sip:bob@192.0.2.4>;expires=100"), T0);
        RegisterOutcome.Success s = ok(register("a", 8, "<sip:bob@192.0.2.4>;expires=900"), T0.plusSeconds(50));
        assertEquals(T0.plusSeconds(950), table.bindings(BOB).get(0).expiresAt());
        assertTrue(s.change().isEmpty(), "a refresh does not change presence");
    }

    @Test
    @DisplayName("REG-09")
    void process_differentCallIdExpiresZero_removesBinding() {
        ok(register("a", 7, "<sip:bob@192.0.2.4>"), T0);
        ok(register("other", 1, "<sip:bob@192.0.2.4>;expires=0"), T0);
        assertTrue(table.bindings(BOB).isEmpty());
    }

    @Test
    void process_differentCallIdLowerCseq_replacesBinding() {
        ok(register("a", 7, "<sip:bob@192.0.2.4>"), T0);
        ok(register("b", 1, "<sip:bob@192.0.2.4>;expires=300"), T0);
        Binding b = table.bindings(BOB).get(0);
        assertEquals("b", b.callId());
        assertEquals(1, b.cseq());
    }

    @Test
    @DisplayName("REG-10")
    void process_oneInvalidContactAmongTwo_nothingCommitted() {
        assertEquals(400, failed(register("a", 1, "<sip:bob@192.0.2.4>", "<sip:bob@>")).status());
        assertEquals(400, failed(register("a", 2, "<sip:bob@192.0.2.4>", "<sip:bob@192.0.2.5>;q=2")).status());
        assertEquals(423, failed(register("a", 3, "<sip:bob@192.0.2.4>", "<sip:bob@192.0.2.5>;expires=5"))
                .status());
        assertTrue(table.addressesOfRecord().isEmpty());
    }

    @Test
    @DisplayName("TORT-10")
    void process_cseqAbove32Bits_400() {
        assertEquals(400, failed(register("a", 1L << 32, "<sip:bob@192.0.2.4>")).status());
    }

    @Test
    void process_severalContacts_allListedWithQ() {
        RegisterOutcome.Success s = ok(register("a", 1, "<sip:bob@192.0.2.4>;q=0.7, \"Bob, desk\" <sip:bob@d>",
                "sip:bob@192.0.2.6;q=1.0"), T0);
        assertEquals(List.of("<sip:bob@192.0.2.4>;expires=3600;q=0.7", "<sip:bob@d>;expires=3600",
                "<sip:bob@192.0.2.6>;expires=3600;q=1.0"), s.contacts().stream().map(ListedBinding::headerValue)
                .toList());
    }

    @Test
    @DisplayName("REG-13")
    void process_reRegisterWithUpperCaseSchemeAndHost_updatesNotDuplicates() {
        ok(register("a", 1, "<sip:bob@host.example>;expires=100"), T0);
        ok(register("b", 1, "<SIP:bob@HOST.example>;expires=200"), T0);
        assertEquals(1, table.bindings(BOB).size());
        assertEquals(T0.plusSeconds(200), table.bindings(BOB).get(0).expiresAt());
    }

    @Test
    @DisplayName("REG-13")
    void process_userPartDiffersInCase_separateBinding() {
        ok(register("a", 1, "<sip:bob@host.example>"), T0);
        ok(register("a", 2, "<sip:Bob@host.example>"), T0);
        assertEquals(2, table.bindings(BOB).size());
    }

    @Test
    @DisplayName("REG-15")
    void process_bareContactWithParam_paramIsNotPartOfUri() {
        ok(register("a", 1, "sip:+19725552222@gw1.example.net;unknownparam"), T0);
        assertEquals(List.of("sip:+19725552222@gw1.example.net"), contactsOf(BOB));
    }

    @Test
    @DisplayName("REG-15")
    void process_bracketedContactWithParam_paramKeptInUri() {
        ok(register("a", 1, "<sip:+19725552222@gw1.example.net;unknownparam>"), T0);
        assertEquals(List.of("sip:+19725552222@gw1.example.net;unknownparam"), contactsOf(BOB));
    }

    @Test
    @DisplayName("REG-16")
    void process_contactWithEscapedHeaders_keptVerbatim() {
        String uri = "sip:user@example.com?Route=%3Csip:sip.example.com%3E";
        RegisterOutcome.Success s = ok(register("a", 1, "<" + uri + ">"), T0);
        assertEquals(uri, s.contacts().get(0).contact().text());
    }

    @Test
    @DisplayName("REG-16, TORT-04")
    void process_escapedNullsInAorAndContacts_notTruncated() {
        RegisterRequest r = new RegisterRequest("sip:reg.example", "sip:null-%00-null@reg.example",
                List.of("<sip:%00@host5.example.com>", "<sip:%00%00@host5.example.com>"), Optional.empty(), "n", 1,
                List.of(), Optional.empty(), "udp:x");
        RegisterOutcome.Success s = ok(r, T0);
        assertEquals("null-\u0000-null", s.aor().user());
        assertEquals(2, s.contacts().size());
    }

    @Test
    void process_nonSipContactScheme_accepted() {
        ok(register("a", 1, "<tel:+15551234>"), T0);
        assertEquals(List.of("tel:+15551234"), contactsOf(BOB));
    }

    @Test
    void restore_liveBindingsKeepTheirExpiry_lapsedOnesArePurgedFromTheStore() {
        ok(new RegisterRequest("sip:reg.example", "<sip:bob@reg.example>", List.of("<sip:bob@192.0.2.4>;expires=600",
                "<sip:bob@192.0.2.5>;expires=60"), Optional.empty(), "c", 1, List.of(), Optional.empty(), "udp:x"),
                T0);
        List<org.presencegw.sip.store.BindingRow> rows = registrar.rows();
        assertEquals(2, rows.size());

        InMemoryRegistrationTable fresh = new InMemoryRegistrationTable();
        Registrar restarted = new Registrar(registrar.config(), fresh);
        Registrar.Restored r = restarted.restore(rows, T0.plusSeconds(120));
        assertEquals(List.of(BOB), r.liveAors());
        assertEquals(List.of("sip:bob@192.0.2.4"), fresh.bindings(BOB).stream().map(b -> b.contact().text()).toList());
        assertEquals(T0.plusSeconds(600), fresh.bindings(BOB).get(0).expiresAt(), "original expiry");
        assertEquals(1, r.writes().size(), "the AOR whose binding lapsed is rewritten");
        org.presencegw.sip.store.SipChange.ReplaceBindings w =
                (org.presencegw.sip.store.SipChange.ReplaceBindings) r.writes().get(0);
        assertEquals(1, w.bindings().size());
    }

    @Test
    void process_success_carriesTheAorsCompleteListAsAStoreWrite() {
        RegisterOutcome.Success s = ok(new RegisterRequest("sip:reg.example", "<sip:bob@reg.example>",
                List.of("<sip:bob@192.0.2.4>"), Optional.empty(), "c", 1, List.of(), Optional.empty(), "udp:x"), T0);
        assertEquals(1, s.writes().size());
        RegisterOutcome.Success query = ok(new RegisterRequest("sip:reg.example", "<sip:bob@reg.example>",
                List.of(), Optional.empty(), "c", 2, List.of(), Optional.empty(), "udp:x"), T0);
        assertTrue(query.writes().isEmpty(), "a query writes nothing");
    }
}
