package org.presencegw.gateway.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code domains:} section (required, non-empty): SIP domain to presence source. Keys are host names, compared
 * in lower case; values are exactly {@value GatewayConfig#SOURCE_JABBER} (served from XMPP rosters),
 * {@value GatewayConfig#SOURCE_REGISTRAR} (served from SIP registrations and PUBLISH) or
 * {@value GatewayConfig#SOURCE_ROSTER} (resource lists: roster groups, RFC 4662).
 */
final class DomainsParser {
    private DomainsParser() {
    }

    /** Domain (lower case) to source, in file order, with the line of each entry. */
    static Map<String, Located<String>> parse(YamlSection domains) throws ConfigException {
        if (domains.keys().isEmpty()) {
            throw domains.error("at least one domain is required");
        }
        Map<String, Located<String>> result = new LinkedHashMap<>();
        for (String key : domains.keys()) {
            int line = domains.lineOf(key);
            String domain = key.toLowerCase(Locale.ROOT);
            if (!HostNames.isHostName(domain)) {
                throw new ConfigException(domains.file(), OptionalInt.of(line),
                        "domains: '" + key + "' is not a valid domain name");
            }
            String source = domains.string(key).orElseThrow();
            if (!source.equals(GatewayConfig.SOURCE_JABBER) && !source.equals(GatewayConfig.SOURCE_REGISTRAR)
                    && !source.equals(GatewayConfig.SOURCE_ROSTER)) {
                throw new ConfigException(domains.file(), OptionalInt.of(domains.valueLine(key)),
                        "domains: unknown presence source '" + source + "' for domain " + domain
                        + " (expected jabber, registrar or roster)");
            }
            Located<String> first = result.putIfAbsent(domain, new Located<>(source, line));
            if (first != null) {
                throw new ConfigException(domains.file(), OptionalInt.of(line),
                        "domains: duplicate domain " + domain + " (first at line " + first.line() + ")");
            }
        }
        return result;
    }
}
