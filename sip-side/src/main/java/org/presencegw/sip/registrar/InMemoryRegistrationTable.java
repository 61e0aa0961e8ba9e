package org.presencegw.sip.registrar;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.presencegw.sip.api.SipAddress;

/** A {@link RegistrationTable} in a concurrent map keyed by AOR; lost on restart. */
public final class InMemoryRegistrationTable implements RegistrationTable {

    private final Map<SipAddress, List<Binding>> byAor = new ConcurrentHashMap<>();

    @Override
    public List<Binding> bindings(SipAddress aor) {
        return byAor.getOrDefault(aor.withoutGr(), List.of());
    }

    @Override
    public void replace(SipAddress aor, List<Binding> bindings) {
        if (bindings.isEmpty()) {
            byAor.remove(aor.withoutGr());
        } else {
            byAor.put(aor.withoutGr(), List.copyOf(bindings));
        }
    }

    @Override
    public Set<SipAddress> addressesOfRecord() {
        return Collections.unmodifiableSet(byAor.keySet());
    }
}
