package org.presencegw.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.TrustedNetworks;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;

/**
 * The whole validated configuration, parsed once at start-up (see {@link ConfigLoader}). Immutable.
 *
 * @param file     the file it came from
 * @param sip      the {@code sip:} section
 * @param domains  SIP domain (lower case) to presence source name ({@code jabber} or {@code registrar})
 * @param xmpp     the {@code xmpp:} section as the XMPP side needs it
 * @param bridge   the optional shared bridge account ({@code xmpp.bridge_account})
 * @param accounts account mappings, SIP user to Jabber account, in file order
 * @param registrar the {@code registrar:} section
 * @param store    the {@code store:} section ({@link StoreSettings#DEFAULT} when the file has none)
 * @param events   {@code sip.notify_interval_ms} and the {@code blf:} section (see {@link EventsSectionParser})
 * @param protection the {@code limits:} section, {@code sip.trusted_networks}, the bridge's watcher domains
 * @param admin    the {@code admin:} section (see {@link AdminSectionParser}); empty: no admin listener
 * @param lists    the {@code lists:} section (resource lists of roster domains)
 */
public record GatewayConfig(Path file, SipSettings sip, Map<String, String> domains, XmppEndpoint xmpp,
                            Optional<XmppCredentials> bridge, List<AccountMapping> accounts,
                            RegistrarSettings registrar, StoreSettings store, EventSettings events,
                            Protection protection, Optional<AdminSettings> admin, ListSettings lists) {
    /** Source names the domain table accepts. */
    public static final String SOURCE_JABBER = "jabber";
    public static final String SOURCE_REGISTRAR = "registrar";
    /** Resource lists (RFC 4662): {@code sip:<roster group>@<domain>} is that group of the watcher's roster. */
    public static final String SOURCE_ROSTER = "roster";

    public GatewayConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sip, "sip");
        domains = Map.copyOf(domains);
        Objects.requireNonNull(xmpp, "xmpp");
        Objects.requireNonNull(bridge, "bridge");
        accounts = List.copyOf(accounts);
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(lists, "lists");
    }

    /** As the canonical constructor, without an admin listener and with {@link ListSettings#DEFAULTS}. */
    public GatewayConfig(Path file, SipSettings sip, Map<String, String> domains, XmppEndpoint xmpp,
                         Optional<XmppCredentials> bridge, List<AccountMapping> accounts,
                         RegistrarSettings registrar, StoreSettings store, EventSettings events,
                         Protection protection) {
        this(file, sip, domains, xmpp, bridge, accounts, registrar, store, events, protection, Optional.empty(),
                ListSettings.DEFAULTS);
    }

    /** This configuration with the given {@code admin:} section. */
    public GatewayConfig withAdmin(Optional<AdminSettings> settings) {
        return new GatewayConfig(file, sip, domains, xmpp, bridge, accounts, registrar, store, events, protection,
                settings, lists);
    }

    /** This configuration with the given {@code lists:} section. */
    public GatewayConfig withLists(ListSettings settings) {
        return new GatewayConfig(file, sip, domains, xmpp, bridge, accounts, registrar, store, events, protection,
                admin, settings);
    }

    /** As the canonical constructor, with {@link Protection#DEFAULTS} but the registrar domains as watcher domains. */
    public GatewayConfig(Path file, SipSettings sip, Map<String, String> domains, XmppEndpoint xmpp,
                         Optional<XmppCredentials> bridge, List<AccountMapping> accounts,
                         RegistrarSettings registrar, StoreSettings store, EventSettings events) {
        this(file, sip, domains, xmpp, bridge, accounts, registrar, store, events, new Protection(Limits.DEFAULTS,
                TrustedNetworks.NONE, registrarDomains(domains)));
    }

    private static java.util.Set<String> registrarDomains(Map<String, String> domains) {
        java.util.Set<String> result = new java.util.TreeSet<>();
        domains.forEach((domain, source) -> {
            if (SOURCE_REGISTRAR.equals(source)) {
                result.add(domain);
            }
        });
        return result;
    }

    /**
     * A configuration built in code (tests) with {@link EventSettings#DEFAULTS}: dialog served, no NOTIFY pacing. A
     * config file without {@code notify_interval_ms} means 5 s instead (see {@link EventsSectionParser}).
     */
    public GatewayConfig(Path file, SipSettings sip, Map<String, String> domains, XmppEndpoint xmpp,
                         Optional<XmppCredentials> bridge, List<AccountMapping> accounts,
                         RegistrarSettings registrar, StoreSettings store) {
        this(file, sip, domains, xmpp, bridge, accounts, registrar, store, EventSettings.DEFAULTS);
    }

    /**
     * A configuration built in code (tests) with the given {@code registrar:} settings and a {@code memory} store
     * that keeps nothing. A config file without {@code store:} means the embedded store instead (see
     * {@link ConfigLoader}).
     */
    public GatewayConfig(Path file, SipSettings sip, Map<String, String> domains, XmppEndpoint xmpp,
                         Optional<XmppCredentials> bridge, List<AccountMapping> accounts,
                         RegistrarSettings registrar) {
        this(file, sip, domains, xmpp, bridge, accounts, registrar, new StoreSettings.Memory());
    }

    /** Like the constructor above, with the default {@code registrar:} settings. */
    public GatewayConfig(Path file, SipSettings sip, Map<String, String> domains, XmppEndpoint xmpp,
                         Optional<XmppCredentials> bridge, List<AccountMapping> accounts) {
        this(file, sip, domains, xmpp, bridge, accounts, RegistrarSettings.DEFAULTS);
    }

    /**
     * Whether the gateway needs XMPP at all: some domain uses the {@code jabber} source or some account is
     * mapped. When false, {@link #xmpp()} is {@link ConfigLoader#UNUSED_XMPP} and must not be connected to.
     */
    public boolean usesXmpp() {
        return domains.containsValue(SOURCE_JABBER) || domains.containsValue(SOURCE_ROSTER) || !accounts.isEmpty();
    }
}
