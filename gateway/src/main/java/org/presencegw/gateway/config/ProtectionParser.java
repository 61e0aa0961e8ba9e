package org.presencegw.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.TrustedNetworks;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The keys of issue 10, wherever they sit in the file:
 * <ul>
 *   <li>{@code limits:} (optional): {@code subscriptions_per_watcher} (default 200), {@code subscriptions_total}
 *       (500000), {@code bindings_per_aor} (10), {@code requests_per_second_per_source} (200),
 *       {@code pending_notifies_per_destination} (32), {@code publications_per_aor} (10),
 *       {@code publications_total} (200000); each an integer from 1 (see {@link Limits});</li>
 *   <li>{@code sip.trusted_networks} (optional, default none): list of CIDRs, IP literals only;</li>
 *   <li>{@code xmpp.bridge_account.watcher_domains} (optional, default the registrar domains): list of domain
 *       names whose watchers the bridge account serves.</li>
 * </ul>
 */
final class ProtectionParser {
    static final Set<String> LIMIT_KEYS = Set.of("subscriptions_per_watcher", "subscriptions_total",
            "bindings_per_aor", "requests_per_second_per_source", "pending_notifies_per_destination",
            "publications_per_aor", "publications_total");

    private ProtectionParser() {
    }

    static Protection parse(YamlSection top, Map<String, Located<String>> domains) throws ConfigException {
        return new Protection(limits(top.section("limits")), trusted(top.requiredSection("sip")),
                watcherDomains(top, domains));
    }

    private static Limits limits(Optional<YamlSection> section) throws ConfigException {
        if (section.isEmpty()) {
            return Limits.DEFAULTS;
        }
        YamlSection l = section.get();
        l.allowOnly(LIMIT_KEYS);
        Limits d = Limits.DEFAULTS;
        return new Limits(
                l.integer("subscriptions_per_watcher", d.subscriptionsPerWatcher(), 1, 1_000_000),
                l.integer("subscriptions_total", d.subscriptionsTotal(), 1, 100_000_000),
                l.integer("bindings_per_aor", d.bindingsPerAor(), 1, 10_000),
                l.integer("requests_per_second_per_source", d.requestsPerSecondPerSource(), 1, 1_000_000),
                l.integer("pending_notifies_per_destination", d.pendingNotifiesPerDestination(), 1, 100_000),
                l.integer("publications_per_aor", d.publicationsPerAor(), 1, 10_000),
                l.integer("publications_total", d.publicationsTotal(), 1, 100_000_000));
    }

    private static TrustedNetworks trusted(YamlSection sip) throws ConfigException {
        List<Node> items = sip.list("trusted_networks");
        List<String> cidrs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String cidr = sip.itemText("trusted_networks", i, items.get(i));
            try {
                TrustedNetworks.parse(List.of(cidr));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(sip.file(), OptionalInt.of(YamlSection.lineOf(items.get(i))),
                        sip.qualify("trusted_networks") + ": " + e.getMessage());
            }
            cidrs.add(cidr);
        }
        return TrustedNetworks.parse(cidrs);
    }

    private static Set<String> watcherDomains(YamlSection top, Map<String, Located<String>> domains)
            throws ConfigException {
        Optional<YamlSection> bridge = top.section("xmpp").flatMap(ProtectionParser::bridgeSection);
        if (bridge.isEmpty() || !bridge.get().has("watcher_domains")) {
            Set<String> registrar = new LinkedHashSet<>();
            domains.forEach((domain, source) -> {
                if (GatewayConfig.SOURCE_REGISTRAR.equals(source.value())) {
                    registrar.add(domain);
                }
            });
            return registrar;
        }
        YamlSection b = bridge.get();
        List<Node> items = b.list("watcher_domains");
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String domain = b.itemText("watcher_domains", i, items.get(i)).toLowerCase(Locale.ROOT);
            if (!HostNames.isHostOrAddress(domain)) {
                throw new ConfigException(b.file(), OptionalInt.of(YamlSection.lineOf(items.get(i))),
                        b.qualify("watcher_domains") + ": '" + domain + "' is not a domain name");
            }
            result.add(domain);
        }
        return result;
    }

    private static Optional<YamlSection> bridgeSection(YamlSection xmpp) {
        try {
            return xmpp.section("bridge_account");
        } catch (ConfigException e) {
            return Optional.empty(); // reported by XmppSectionParser
        }
    }
}
