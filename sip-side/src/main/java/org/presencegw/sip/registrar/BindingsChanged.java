package org.presencegw.sip.registrar;

import java.util.List;
import java.util.Objects;
import org.presencegw.sip.api.SipAddress;

/**
 * The set of contacts bound to an AOR changed, so its presence changed: open while at least one binding is
 * live, one tuple per contact (CONFORMANCE REG-14). Refreshes that only move an expiry raise no event.
 *
 * @param aor      the address of record
 * @param kind     what happened to the set
 * @param bindings the AOR's bindings after the change (empty after {@link Kind#LAST_REMOVED})
 */
public record BindingsChanged(SipAddress aor, Kind kind, List<Binding> bindings) {

    /** What happened to an AOR's set of bindings. */
    public enum Kind {
        /** The AOR had no binding and now has at least one. */
        FIRST_ADDED,
        /** The AOR had bindings and now has none. */
        LAST_REMOVED,
        /** The AOR had and still has bindings, but not the same contacts (or q values). */
        CHANGED
    }

    public BindingsChanged {
        Objects.requireNonNull(aor, "aor");
        Objects.requireNonNull(kind, "kind");
        bindings = List.copyOf(bindings);
    }
}
