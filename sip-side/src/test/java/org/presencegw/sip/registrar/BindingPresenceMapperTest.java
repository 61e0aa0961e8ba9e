package org.presencegw.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;

class BindingPresenceMapperTest {

    private static final SipAddress BOB = SipAddress.of("bob", "reg.example");
    private static final Instant T = Instant.parse("2025-01-01T10:00:00Z");

    private static Binding binding(String contact, Optional<BigDecimal> q) {
        return new Binding(BOB, new ContactUri(contact), "c", 1, T, q, "udp:x");
    }

    @Test
    void toDocument_noBindings_oneClosedTuple() {
        PresenceDocument d = BindingPresenceMapper.toDocument(List.of());
        assertEquals(List.of(PresenceTuple.of(BindingPresenceMapper.CLOSED_TUPLE_ID, Basic.CLOSED)), d.tuples());
    }

    @Test
    @DisplayName("PIDF-04")
    void toDocument_twoBindings_oneOpenTuplePerContact() {
        PresenceDocument d = BindingPresenceMapper.toDocument(List.of(
                binding("sip:bob@192.0.2.4", Optional.of(new BigDecimal("0.5"))),
                binding("sip:bob@192.0.2.5;transport=tcp", Optional.empty())));
        assertEquals(2, d.tuples().size());
        assertTrue(d.tuples().stream().allMatch(t -> t.basic() == Basic.OPEN));
        assertEquals(List.of("sip:bob@192.0.2.4", "sip:bob@192.0.2.5;transport=tcp"),
                d.tuples().stream().map(t -> t.contact().orElseThrow()).toList());
        assertEquals(Optional.of(new BigDecimal("0.5")), d.tuples().get(0).priority());
        assertNotEquals(d.tuples().get(0).id(), d.tuples().get(1).id());
        assertTrue(d.tuples().stream().allMatch(t -> t.id().matches("[A-Za-z_][A-Za-z0-9_.\\-]*")));
    }

    @Test
    void toDocument_sameContactRespelledInCase_sameTupleId() {
        String a = BindingPresenceMapper.toDocument(List.of(binding("sip:bob@host.example", Optional.empty())))
                .tuples().get(0).id();
        String b = BindingPresenceMapper.toDocument(List.of(binding("SIP:bob@HOST.example", Optional.empty())))
                .tuples().get(0).id();
        assertEquals(a, b);
    }
}
