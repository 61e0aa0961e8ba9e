package org.presencegw.sip.registrar;

import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.Limits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes REGISTER requests as RFC 3261 section 10.3 lays out, against a {@link RegistrationTable}, and expires
 * bindings on a scheduler tick ({@link #sweep}). It touches no SIP stack and reads no clock: the caller passes
 * {@code now}. Requests are serialised (one lock, no I/O inside), so each request's contacts commit atomically.
 *
 * <p>This class is thread-safe.
 */
public final class Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);

    /** RFC 3261 section 10.3 step 7: 423 only for requests shorter than one hour. */
    private static final long ONE_HOUR = 3600;

    private final RegistrarConfig config;
    private final RegistrationTable table;
    /** {@code limits.bindings_per_aor}: a REGISTER that would leave more bindings gets 403. */
    private volatile int maxBindingsPerAor = Limits.DEFAULTS.bindingsPerAor();
    /**
     * No binding in the table lapses before this (a lower bound; guarded by this object's lock). Every binding
     * this registrar puts in the table lowers it to the binding's expiry; a sweep that finds it passed walks the
     * table and sets it to the earliest expiry left. So a sweep walks the table only when a binding can have
     * lapsed: phones that refresh before their bindings lapse cost no walk (bench/FINDINGS.md, session 16: the
     * walk of 40,000 AORs was most of the scheduler thread's time). The table is changed only through this class.
     */
    private Instant sweepDue = Instant.MIN;

    public Registrar(RegistrarConfig config, RegistrationTable table) {
        this.config = Objects.requireNonNull(config, "config");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** At most {@code max} bindings per AOR (issue 10); a REGISTER adding more is refused with 403, atomically. */
    public void limitBindingsPerAor(int max) {
        this.maxBindingsPerAor = max;
    }

    /** The domains and lifetimes this registrar works with. */
    public RegistrarConfig config() {
        return config;
    }

    /** Decides one REGISTER at {@code now} and commits its bindings when it succeeds. */
    public synchronized RegisterOutcome process(RegisterRequest request, Instant now) {
        Optional<RegisterOutcome> refused = RegisterValidation.refusal(request, config);
        if (refused.isPresent()) {
            REMOTE.warn("[{}] REGISTER refused: {}", request.callId(), refused.get());
            return refused.get();
        }
        SipAddress aor = RegisterValidation.aor(request);
        ContactList contacts;
        try {
            contacts = ContactList.parse(request.contacts());
        } catch (IllegalArgumentException e) {
            REMOTE.warn("[{}] REGISTER with bad Contact: {}", request.callId(), e.getMessage());
            return RegisterOutcome.failure(400, "Bad Contact: " + e.getMessage());
        }
        return decide(request, aor, contacts, table.bindings(aor), now);
    }

    private RegisterOutcome decide(RegisterRequest request, SipAddress aor, ContactList contacts,
                                   List<Binding> stored, Instant now) {
        List<Binding> updated;
        if (contacts instanceof ContactList.Query) {
            return success(aor, stored, stored, now, List.of());
        } else if (contacts instanceof ContactList.Wildcard) {
            // RFC 3261 section 10.3 step 6: '*' only with Expires: 0, else 400.
            if (!request.expires().flatMap(ExpiryPolicy::parseDeltaSeconds).equals(Optional.of(0L))) {
                return RegisterOutcome.failure(400, "'Contact: *' requires 'Expires: 0'");
            }
            updated = new ArrayList<>();
            for (Binding b : live(stored, now)) {
                if (b.callId().equals(request.callId()) && request.cseq() <= b.cseq()) {
                    return outOfOrder(request, b);
                }
            }
        } else {
            List<NameAddr> listed = ((ContactList.Listed) contacts).contacts();
            updated = new ArrayList<>(live(stored, now));
            for (NameAddr contact : listed) {
                Optional<RegisterOutcome> failed = apply(request, aor, contact, updated, now);
                if (failed.isPresent()) {
                    return failed.get();
                }
            }
            if (updated.size() > maxBindingsPerAor && updated.size() > live(stored, now).size()) {
                LOG.debug("[{}] REGISTER would leave {} bindings for {}: 403", request.callId(), updated.size(), aor);
                return RegisterOutcome.failure(403, "Too Many Bindings (limit " + maxBindingsPerAor + ")");
            }
        }
        table.replace(aor, updated);
        lowerSweepDue(updated);
        return success(aor, stored, updated, now, List.of(replace(aor, updated)));
    }

    /** Applies one contact to the working list; a failure aborts the whole request (step 7: atomic). */
    private Optional<RegisterOutcome> apply(RegisterRequest request, SipAddress aor, NameAddr contact,
                                            List<Binding> working, Instant now) {
        ContactUri uri;
        Optional<BigDecimal> q;
        try {
            uri = new ContactUri(contact.uri());
            q = contact.param("q").map(Registrar::qValue);
        } catch (IllegalArgumentException e) {
            return Optional.of(RegisterOutcome.failure(400, "Bad Contact: " + e.getMessage()));
        }
        long requested = contact.param("expires").flatMap(ExpiryPolicy::parseDeltaSeconds)
                .or(() -> request.expires().flatMap(ExpiryPolicy::parseDeltaSeconds))
                .orElse(config.expiry().defaultSeconds());
        if (config.expiry().tooBrief(requested) && requested < ONE_HOUR) {
            return Optional.of(new RegisterOutcome.Failure(423, "Interval Too Brief",
                    Map.of("Min-Expires", Long.toString(config.expiry().minSeconds()))));
        }
        int index = indexOf(working, uri);
        if (index >= 0) {
            Binding existing = working.get(index);
            if (existing.callId().equals(request.callId()) && request.cseq() <= existing.cseq()) {
                return Optional.of(outOfOrder(request, existing));
            }
            working.remove(index);
        }
        if (requested > 0) {
            Instant expiresAt = now.plusSeconds(config.expiry().grant(requested));
            Binding binding = new Binding(aor, uri, request.callId(), request.cseq(), expiresAt, q, request.flow(),
                    request.path());
            if (index >= 0) {
                working.add(index, binding);
            } else {
                working.add(binding);
            }
        }
        return Optional.empty();
    }

    /** Removes every binding that has lapsed at {@code now}; run it from one scheduler tick. */
    public synchronized SweepResult sweep(Instant now) {
        if (now.isBefore(sweepDue)) {
            return new SweepResult(List.of(), List.of(), List.of());
        }
        List<Binding> expired = new ArrayList<>();
        List<BindingsChanged> changes = new ArrayList<>();
        List<SipChange> writes = new ArrayList<>();
        Instant nextDue = Instant.MAX;
        for (SipAddress aor : table.addressesOfRecord()) {
            List<Binding> stored = table.bindings(aor);
            if (!anyExpired(stored, now)) {
                nextDue = earliest(stored, nextDue);
                continue; // the common case: no list built, the lock held for a comparison per binding
            }
            List<Binding> remaining = live(stored, now);
            stored.stream().filter(b -> b.expiredAt(now)).forEach(expired::add);
            table.replace(aor, remaining);
            nextDue = earliest(remaining, nextDue);
            writes.add(replace(aor, remaining));
            change(aor, stored, remaining).ifPresent(changes::add);
        }
        sweepDue = nextDue;
        if (!expired.isEmpty()) {
            LOG.info("expired {} binding(s) of {} AOR(s) with changed presence", expired.size(), changes.size());
        }
        return new SweepResult(expired, changes, writes);
    }

    /** The live bindings of an AOR at {@code now}; empty when none. */
    public synchronized List<Binding> bindings(SipAddress aor, Instant now) {
        return live(table.bindings(aor.withoutGr()), now);
    }

    private RegisterOutcome success(SipAddress aor, List<Binding> before, List<Binding> after, Instant now,
                                    List<SipChange> writes) {
        List<ListedBinding> listed = live(after, now).stream()
                .map(b -> new ListedBinding(b.contact(), b.remainingSeconds(now), b.q())).toList();
        Optional<BindingsChanged> change = change(aor, before, after);
        change.ifPresent(c -> LOG.debug("{} bindings {}: {} contact(s)", aor, c.kind(), after.size()));
        return new RegisterOutcome.Success(aor, listed, change, writes);
    }

    private static SipChange replace(SipAddress aor, List<Binding> bindings) {
        return new SipChange.ReplaceBindings(aor.uri(), bindings.stream().map(Binding::toRow).toList());
    }

    /**
     * Takes up the bindings a store held (at start-up): those still live at {@code now} are bound again with their
     * original expiry; the writes returned remove the lapsed ones (and rows that can no longer be read) from the
     * store. Returns the AORs that have live bindings, whose presence is then open.
     */
    public synchronized Restored restore(List<BindingRow> rows, Instant now) {
        Map<String, List<Binding>> byAor = new LinkedHashMap<>();
        List<SipChange> writes = new ArrayList<>();
        Set<String> dirty = new HashSet<>();
        for (BindingRow row : rows) {
            try {
                Binding b = Binding.fromRow(row);
                if (b.expiredAt(now)) {
                    dirty.add(row.aor());
                } else {
                    byAor.computeIfAbsent(row.aor(), k -> new ArrayList<>()).add(b);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("stored binding of {} dropped: {}", row.aor(), e.getMessage());
                dirty.add(row.aor());
            }
        }
        List<SipAddress> live = new ArrayList<>();
        byAor.forEach((aorText, bindings) -> {
            SipAddress aor = bindings.get(0).aor();
            table.replace(aor, bindings);
            lowerSweepDue(bindings);
            live.add(aor);
        });
        for (String aorText : dirty) {
            List<Binding> kept = byAor.getOrDefault(aorText, List.of());
            writes.add(new SipChange.ReplaceBindings(aorText, kept.stream().map(Binding::toRow).toList()));
        }
        if (!dirty.isEmpty()) {
            LOG.info("{} address(es) of record had bindings that lapsed while the gateway was down", dirty.size());
        }
        return new Restored(live, writes);
    }

    /** What {@link #restore} took up: AORs with live bindings, and the store writes that purge the rest. */
    public record Restored(List<SipAddress> liveAors, List<SipChange> writes) {
    }

    /** Every stored binding as a store row (for the rewrite after the store recovered). */
    public synchronized List<BindingRow> rows() {
        List<BindingRow> rows = new ArrayList<>();
        for (SipAddress aor : table.addressesOfRecord()) {
            table.bindings(aor).forEach(b -> rows.add(b.toRow()));
        }
        return rows;
    }

    private static Optional<BindingsChanged> change(SipAddress aor, List<Binding> before, List<Binding> after) {
        if (before.isEmpty() && !after.isEmpty()) {
            return Optional.of(new BindingsChanged(aor, BindingsChanged.Kind.FIRST_ADDED, after));
        }
        if (!before.isEmpty() && after.isEmpty()) {
            return Optional.of(new BindingsChanged(aor, BindingsChanged.Kind.LAST_REMOVED, after));
        }
        if (!presenceView(before).equals(presenceView(after))) {
            return Optional.of(new BindingsChanged(aor, BindingsChanged.Kind.CHANGED, after));
        }
        return Optional.empty();
    }

    private static List<String> presenceView(List<Binding> bindings) {
        return bindings.stream().map(b -> b.contact().text() + b.q().map(BigDecimal::toPlainString).orElse(""))
                .sorted().toList();
    }

    private static RegisterOutcome outOfOrder(RegisterRequest request, Binding existing) {
        REMOTE.warn("[{}] REGISTER CSeq {} not above stored {} for {}", request.callId(), request.cseq(),
                existing.cseq(), existing.contact());
        return RegisterOutcome.failure(500, "Out of order CSeq for " + existing.contact());
    }

    private static int indexOf(List<Binding> bindings, ContactUri uri) {
        for (int i = 0; i < bindings.size(); i++) {
            if (bindings.get(i).contact().sameAs(uri)) {
                return i;
            }
        }
        return -1;
    }

    private void lowerSweepDue(List<Binding> bindings) {
        sweepDue = earliest(bindings, sweepDue);
    }

    private static Instant earliest(List<Binding> bindings, Instant bound) {
        Instant min = bound;
        for (Binding b : bindings) {
            if (b.expiresAt().isBefore(min)) {
                min = b.expiresAt();
            }
        }
        return min;
    }

    private static boolean anyExpired(List<Binding> bindings, Instant now) {
        for (Binding b : bindings) {
            if (b.expiredAt(now)) {
                return true;
            }
        }
        return false;
    }

    private static List<Binding> live(List<Binding> bindings, Instant now) {
        return bindings.stream().filter(b -> !b.expiredAt(now)).toList();
    }

    /** RFC 3261 section 20.10: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
    private static final Pattern Q_VALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private static BigDecimal qValue(String text) {
        if (!Q_VALUE.matcher(text).matches()) {
            throw new IllegalArgumentException("bad q value '" + text + "'");
        }
        return new BigDecimal(text.endsWith(".") ? text + "0" : text);
    }
}
