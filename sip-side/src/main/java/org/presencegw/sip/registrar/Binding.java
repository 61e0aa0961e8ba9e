package org.presencegw.sip.registrar;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.store.BindingRow;

/**
 * One registration binding: an address of record bound to a contact address until {@code expiresAt}
 * (RFC 3261 section 10.3; the sipstack example's {@code Binding}, as a record).
 *
 * @param aor       the address of record (canonical, without URI parameters)
 * @param contact   the contact address, verbatim
 * @param callId    Call-ID of the REGISTER that last set this binding
 * @param cseq      CSeq number of that REGISTER
 * @param expiresAt when the binding lapses
 * @param q         the Contact {@code q} value, if one was given
 * @param flow      where the REGISTER came from (transport, source address and port), for reaching the contact
 * @param path      the REGISTER's Path values (RFC 3327): a request to the contact goes through them, in order
 */
public record Binding(SipAddress aor, ContactUri contact, String callId, long cseq, Instant expiresAt,
                      Optional<BigDecimal> q, String flow, List<String> path) {

    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(flow, "flow");
        path = List.copyOf(path);
    }

    /** A binding registered without Path. */
    public Binding(SipAddress aor, ContactUri contact, String callId, long cseq, Instant expiresAt,
                   Optional<BigDecimal> q, String flow) {
        this(aor, contact, callId, cseq, expiresAt, q, flow, List.of());
    }

    /** The store row of this binding. */
    public BindingRow toRow() {
        return new BindingRow(aor.uri(), contact.text(), callId, cseq, expiresAt.toEpochMilli(),
                q.map(BigDecimal::toPlainString), flow, path);
    }

    /**
     * The binding a store row describes.
     *
     * @throws IllegalArgumentException when the row does not hold a usable AOR or contact
     */
    public static Binding fromRow(BindingRow row) {
        return new Binding(SipAddress.parse(row.aor()).withoutGr(), new ContactUri(row.contact()), row.callId(),
                row.cseq(), Instant.ofEpochMilli(row.expiresAt()), row.q().map(BigDecimal::new), row.flow(),
                row.path());
    }

    /** Whether the binding has lapsed at {@code now} (a binding is live strictly before its expiry instant). */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whole seconds left at {@code now}, rounded up so a live binding never lists {@code expires=0}. */
    public long remainingSeconds(Instant now) {
        if (expiredAt(now)) {
            return 0;
        }
        Duration left = Duration.between(now, expiresAt);
        return left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
    }
}
