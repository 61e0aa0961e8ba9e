package org.presencegw.sip.registrar;

import org.presencegw.sip.api.ExpiryPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.registrar.RegisterRequests.register;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipAddress;

/** Presence-relevant change events and the expiry sweep (CONFORMANCE REG-14). */
class RegistrarEventsTest {

    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final SipAddress BOB = SipAddress.of("bob", "reg.example");

    private final InMemoryRegistrationTable table = new InMemoryRegistrationTable();
    private final Registrar registrar =
            new Registrar(new RegistrarConfig(Set.of("reg.example"), new ExpiryPolicy(3600, 60, 7200)), table);

    private Optional<BindingsChanged> changeOf(RegisterRequest request, Instant now) {
        return assertInstanceOf(RegisterOutcome.Success.class, registrar.process(request, now)).change();
    }

    @Test
    void process_firstBinding_firstAddedEvent() {
        BindingsChanged c = changeOf(register("a", 1, "<sip:bob@192.0.2.4>"), T0).orElseThrow();
        assertEquals(BindingsChanged.Kind.FIRST_ADDED, c.kind());
        assertEquals(BOB, c.aor());
        assertEquals(1, c.bindings().size());
    }

    @Test
    void process_secondBindingThenItsRemoval_changedEventsWhileFirstLive() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>"), T0);
        assertEquals(BindingsChanged.Kind.CHANGED,
                changeOf(register("b", 1, "<sip:bob@192.0.2.5>"), T0).orElseThrow().kind());
        BindingsChanged removed = changeOf(register("b", 2, "<sip:bob@192.0.2.5>;expires=0"), T0).orElseThrow();
        assertEquals(BindingsChanged.Kind.CHANGED, removed.kind());
        assertEquals(1, removed.bindings().size());
    }

    @Test
    void process_refreshWithSameContact_noEvent() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>"), T0);
        assertTrue(changeOf(register("a", 2, "<sip:bob@192.0.2.4>"), T0.plusSeconds(60)).isEmpty());
    }

    @Test
    void process_qValueChanged_changedEvent() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>"), T0);
        assertEquals(BindingsChanged.Kind.CHANGED,
                changeOf(register("a", 2, "<sip:bob@192.0.2.4>;q=0.5"), T0).orElseThrow().kind());
    }

    @Test
    void process_lastBindingRemoved_lastRemovedEvent() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>"), T0);
        BindingsChanged c = changeOf(register("a", 2, "<sip:bob@192.0.2.4>;expires=0"), T0).orElseThrow();
        assertEquals(BindingsChanged.Kind.LAST_REMOVED, c.kind());
        assertTrue(c.bindings().isEmpty());
        assertTrue(table.addressesOfRecord().isEmpty());
    }

    @Test
    void sweep_beforeExpiry_removesNothing() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>;expires=60"), T0);
        SweepResult r = registrar.sweep(T0.plusSeconds(59));
        assertTrue(r.expired().isEmpty());
        assertTrue(r.changes().isEmpty());
        assertEquals(1, table.bindings(BOB).size());
    }

    @Test
    void sweep_atExpiryOfOneOfTwo_removesItWithChangedEvent() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>;expires=60", "<sip:bob@192.0.2.5>;expires=120"), T0);
        SweepResult r = registrar.sweep(T0.plusSeconds(60));
        assertEquals(List.of("sip:bob@192.0.2.4"), r.expired().stream().map(b -> b.contact().text()).toList());
        assertEquals(BindingsChanged.Kind.CHANGED, r.changes().get(0).kind());
        assertEquals(List.of("sip:bob@192.0.2.5"), registrar.bindings(BOB, T0.plusSeconds(60)).stream()
                .map(b -> b.contact().text()).toList());
    }

    @Test
    void sweep_lastBindingExpired_lastRemovedEvent() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>;expires=60"), T0);
        SweepResult r = registrar.sweep(T0.plusSeconds(61));
        assertEquals(1, r.expired().size());
        assertEquals(List.of(new BindingsChanged(BOB, BindingsChanged.Kind.LAST_REMOVED, List.of())), r.changes());
        assertTrue(table.addressesOfRecord().isEmpty());
    }

    @Test
    void process_afterExpiryBeforeSweep_expiredBindingNotListedAndChangeReported() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>;expires=60"), T0);
        Optional<BindingsChanged> c = changeOf(register("b", 1, "<sip:bob@192.0.2.5>"), T0.plusSeconds(90));
        assertEquals(BindingsChanged.Kind.CHANGED, c.orElseThrow().kind());
        assertEquals(List.of("sip:bob@192.0.2.5"), table.bindings(BOB).stream().map(b -> b.contact().text())
                .toList());
    }

    @Test
    void bindings_expiredButNotSwept_notReturned() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>;expires=60"), T0);
        assertTrue(registrar.bindings(BOB, T0.plusSeconds(60)).isEmpty());
    }

    /** The table's AORs listed, i.e. the walks a sweep made. */
    private static final class CountingTable implements RegistrationTable {
        private final InMemoryRegistrationTable delegate = new InMemoryRegistrationTable();
        int walks;

        @Override
        public List<Binding> bindings(SipAddress aor) {
            return delegate.bindings(aor);
        }

        @Override
        public void replace(SipAddress aor, List<Binding> bindings) {
            delegate.replace(aor, bindings);
        }

        @Override
        public Set<SipAddress> addressesOfRecord() {
            walks++;
            return delegate.addressesOfRecord();
        }
    }

    @Test
    void sweep_walksTheTableOnlyOnceABindingCanHaveLapsed() {
        CountingTable counted = new CountingTable();
        Registrar r = new Registrar(new RegistrarConfig(Set.of("reg.example"), new ExpiryPolicy(3600, 60, 7200)),
                counted);
        r.process(register("a", 1, "<sip:bob@192.0.2.4>;expires=60", "<sip:bob@192.0.2.5>;expires=120"), T0);
        assertTrue(r.sweep(T0.plusSeconds(1)).expired().isEmpty());
        assertEquals(1, counted.walks, "the first sweep walks: it learns the earliest expiry");
        assertTrue(r.sweep(T0.plusSeconds(59)).expired().isEmpty());
        assertEquals(1, counted.walks, "nothing can have lapsed before 60 s");
        assertEquals(1, r.sweep(T0.plusSeconds(60)).expired().size());
        assertEquals(2, counted.walks);
        r.process(register("b", 1, "<sip:bob@192.0.2.6>;expires=60"), T0.plusSeconds(90));
        assertTrue(r.sweep(T0.plusSeconds(119)).expired().isEmpty());
        assertEquals(2, counted.walks, "the next expiry is at 120 s");
        assertEquals(List.of("sip:bob@192.0.2.5"),
                r.sweep(T0.plusSeconds(120)).expired().stream().map(b -> b.contact().text()).toList());
        assertEquals(List.of("sip:bob@192.0.2.6"),
                r.sweep(T0.plusSeconds(150)).expired().stream().map(b -> b.contact().text()).toList());
        assertEquals(4, counted.walks);
    }

    @Test
    void sweep_afterARefreshToAShorterExpiry_removesTheBindingWhenItLapses() {
        changeOf(register("a", 1, "<sip:bob@192.0.2.4>;expires=3600"), T0);
        assertTrue(registrar.sweep(T0.plusSeconds(1)).expired().isEmpty());
        changeOf(register("a", 2, "<sip:bob@192.0.2.4>;expires=60"), T0.plusSeconds(10));
        assertTrue(registrar.sweep(T0.plusSeconds(69)).expired().isEmpty());
        SweepResult r = registrar.sweep(T0.plusSeconds(70));
        assertEquals(1, r.expired().size(), "due at 70 s, not at the first expiry's 3600 s");
        assertEquals(BindingsChanged.Kind.LAST_REMOVED, r.changes().get(0).kind());
    }
}
