package org.presencegw.sip.registrar;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.SipAddress;

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
 */
public record Binding(SipAddress aor, ContactUri contact, String callId, long cseq, Instant expiresAt,
                      Optional<BigDecimal> q, String flow) {

    public Binding {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(flow, "flow");
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
