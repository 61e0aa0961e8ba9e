package org.presencegw.sip.registrar;

import org.presencegw.sip.api.ExpiryPolicy;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the registrar.
 *
 * @param domains the domains this registrar is responsible for (RFC 3261 section 10.3 step 1), any case
 * @param expiry  default, minimum and maximum binding lifetimes (step 7)
 */
public record RegistrarConfig(Set<String> domains, ExpiryPolicy expiry) {

    public RegistrarConfig {
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(expiry, "expiry");
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a registrar needs at least one domain");
        }
    }

    /** Whether the host (any case) is one of this registrar's domains. */
    public boolean serves(String host) {
        return domains.contains(host.toLowerCase(Locale.ROOT));
    }
}
