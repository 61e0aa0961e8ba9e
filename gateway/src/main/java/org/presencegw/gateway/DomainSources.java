package org.presencegw.gateway;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.gateway.config.SipSettings;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.registrar.InMemoryRegistrationTable;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarConfig;

/** What the domain table makes at start-up, besides the jabber source: the registrar and the lists' member domain. */
final class DomainSources {

    private DomainSources() {
    }

    /**
     * One registrar for all domains whose source is {@code registrar}, with the SIP expiry settings as binding
     * lifetimes (the registrar itself answers 423 only below 3600 s, RFC 3261 section 10.3 step 7).
     */
    static Optional<Registrar> registrar(GatewayConfig config) {
        Set<String> domains = new HashSet<>();
        config.domains().forEach((domain, sourceName) -> {
            if (GatewayConfig.SOURCE_REGISTRAR.equals(sourceName)) {
                domains.add(domain);
            }
        });
        if (domains.isEmpty()) {
            return Optional.empty();
        }
        SipSettings s = config.sip();
        ExpiryPolicy expiry = new ExpiryPolicy(s.defaultExpires(), s.minExpires(), s.maxExpires());
        return Optional.of(new Registrar(new RegistrarConfig(domains, expiry), new InMemoryRegistrationTable()));
    }

    /** The SIP domain of list members' URIs: the first jabber domain, else the XMPP domain itself. */
    static String memberDomain(GatewayConfig config) {
        return config.domains().entrySet().stream()
                .filter(e -> GatewayConfig.SOURCE_JABBER.equals(e.getValue())).map(Map.Entry::getKey).sorted()
                .findFirst().orElse(config.xmpp().domain().toString());
    }
}
