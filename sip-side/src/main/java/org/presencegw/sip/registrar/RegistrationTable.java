package org.presencegw.sip.registrar;

import java.util.List;
import java.util.Set;
import org.presencegw.sip.api.SipAddress;

/**
 * Where registration bindings are kept (the location service of RFC 3261 section 10.3). The {@link Registrar}
 * reads an AOR's bindings, decides, and writes the AOR's complete new list back in one call, so one request's
 * contacts are committed atomically (RFC 3261 section 10.3 step 7). Implementations must be thread-safe.
 */
public interface RegistrationTable {

    /** The stored bindings of an AOR, in insertion order; empty when there are none. */
    List<Binding> bindings(SipAddress aor);

    /** Replaces all bindings of an AOR at once; an empty list removes the AOR. */
    void replace(SipAddress aor, List<Binding> bindings);

    /** Every AOR that has at least one stored binding: a live view, safe to iterate while bindings change. */
    Set<SipAddress> addressesOfRecord();
}
