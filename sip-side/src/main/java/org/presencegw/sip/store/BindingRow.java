package org.presencegw.sip.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One registrar binding as the store keeps it (RFC 3261 10.3). Key: {@code aor} and {@code contact}.
 *
 * @param aor       the address of record (canonical URI text, no parameters)
 * @param contact   the contact address, verbatim as registered
 * @param callId    Call-ID of the REGISTER that last set the binding
 * @param cseq      CSeq number of that REGISTER
 * @param expiresAt epoch milliseconds when the binding lapses
 * @param q         the Contact {@code q} value as written, if any
 * @param flow      where the REGISTER came from, {@code transport:address:port}
 * @param path      Path header values of the REGISTER (RFC 3327), in order; empty when none
 */
public record BindingRow(String aor, String contact, String callId, long cseq, long expiresAt, Optional<String> q,
                         String flow, List<String> path) {
    public BindingRow {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(flow, "flow");
        path = List.copyOf(path);
    }
}
