package org.presencegw.gateway.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;

/**
 * Loads and validates the YAML config file into an immutable {@link GatewayConfig}, failing fast with one
 * {@link ConfigException} ({@code FILE:LINE: problem}) on the first problem. Strict: every unknown key is an error.
 *
 * <p>Top-level keys: {@code sip} (required, see {@link SipSectionParser}), {@code domains} (required, see
 * {@link DomainsParser}), {@code xmpp} (see {@link XmppSectionParser}), {@code accounts} (see
 * {@link AccountsParser}), {@code registrar}, {@code store} (see {@link StoreSectionParser}), {@code blf} (see
 * {@link EventsSectionParser}, which also reads {@code sip.notify_interval_ms}), {@code limits} (see
 * {@link ProtectionParser}, with {@code sip.trusted_networks} and {@code xmpp.bridge_account.watcher_domains}),
 * {@code admin} (see {@link AdminSectionParser}), {@code lists} (see {@link ListSettings}). Relative file paths in
 * the config resolve against the config file's directory, except {@code store.path} (the working directory).
 *
 * <p>Without an {@code xmpp:} section (allowed only when no domain uses {@code jabber} and there are no accounts)
 * {@link GatewayConfig#xmpp()} holds {@link #UNUSED_XMPP} and {@link GatewayConfig#usesXmpp()} is false.
 */
public final class ConfigLoader {
    /** Placeholder endpoint of a configuration that has no {@code xmpp:} section; never connected to. */
    public static final XmppEndpoint UNUSED_XMPP = new XmppEndpoint("127.0.0.1", XmppSectionParser.DEFAULT_PORT,
            org.jxmpp.jid.impl.JidCreate.domainBareFromOrThrowUnchecked("localhost"),
            org.presencegw.xmpp.TlsMode.REQUIRED, Optional.empty(), XmppSectionParser.DEFAULT_RESOURCE,
            XmppSectionParser.DEFAULT_RECONNECT_DELAY);
    private static final Set<String> TOP_KEYS = Set.of("sip", "domains", "xmpp", "accounts", "registrar",
            "store", "blf", "limits", "admin", "lists");

    private final UnaryOperator<String> environment;

    /** @param environment environment lookup for {@code password_env} ({@code null} when unset) */
    public ConfigLoader(UnaryOperator<String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /** Loads {@code file} with the process environment. */
    public static GatewayConfig load(Path file) throws ConfigException {
        return new ConfigLoader(System::getenv).read(file).config();
    }

    /** Loads {@code file}, keeping the line of every key for later checks (see {@link PortCheck}). */
    public LoadedConfig read(Path file) throws ConfigException {
        YamlSection top = YamlSection.of(file, "", 1, YamlDocument.read(file));
        top.allowOnly(TOP_KEYS);
        Path baseDirectory = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of("."));
        SecretReader secrets = new SecretReader(environment, baseDirectory);

        SipSettings sip = SipSectionParser.parse(top.requiredSection("sip"));
        Map<String, Located<String>> domains = DomainsParser.parse(top.requiredSection("domains"));
        Optional<YamlSection> xmppSection = top.section("xmpp");
        Optional<XmppSectionParser.XmppSection> xmpp = Optional.empty();
        if (xmppSection.isPresent()) {
            xmpp = Optional.of(XmppSectionParser.parse(xmppSection.get(), secrets, baseDirectory));
        }
        Optional<Located<XmppCredentials>> bridge = xmpp.flatMap(XmppSectionParser.XmppSection::bridge);
        List<AccountMapping> accounts = AccountsParser.parse(top, domains, bridge, secrets);
        if (xmpp.isEmpty()) {
            requireNoXmppUse(top, domains, accounts);
        }
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        domains.forEach((domain, source) -> sources.put(domain, source.value()));
        GatewayConfig config = new GatewayConfig(file, sip, sources,
                xmpp.map(XmppSectionParser.XmppSection::endpoint).orElse(UNUSED_XMPP),
                bridge.map(Located::value), accounts, registrar(top),
                StoreSectionParser.parse(top.section("store"), secrets),
                EventsSectionParser.parse(top.requiredSection("sip"), top.section("blf")),
                ProtectionParser.parse(top, domains), AdminSectionParser.parse(top.section("admin"), secrets),
                ListSettings.parse(top.section("lists")));
        return new LoadedConfig(config, OptionalInt.of(top.requiredSection("sip").lineOf("port")),
                OptionalInt.of(top.requiredSection("sip").lineOf("listen")));
    }

    /** {@code registrar: {allow_unknown_users: true|false}} (optional; default false). */
    private static RegistrarSettings registrar(YamlSection top) throws ConfigException {
        Optional<YamlSection> section = top.section("registrar");
        if (section.isEmpty()) {
            return RegistrarSettings.DEFAULTS;
        }
        section.get().allowOnly(Set.of("allow_unknown_users"));
        Optional<String> allow = section.get().string("allow_unknown_users");
        if (allow.isEmpty()) {
            return RegistrarSettings.DEFAULTS;
        }
        return switch (allow.get()) {
            case "true" -> new RegistrarSettings(true);
            case "false" -> RegistrarSettings.DEFAULTS;
            default -> throw section.get().error("allow_unknown_users",
                    "allow_unknown_users must be true or false, not '" + allow.get() + "'");
        };
    }

    private static void requireNoXmppUse(YamlSection top, Map<String, Located<String>> domains,
                                         List<AccountMapping> accounts) throws ConfigException {
        for (Map.Entry<String, Located<String>> e : domains.entrySet()) {
            String source = e.getValue().value();
            if (source.equals(GatewayConfig.SOURCE_JABBER) || source.equals(GatewayConfig.SOURCE_ROSTER)) {
                throw new ConfigException(top.file(), OptionalInt.of(e.getValue().line()), "domain " + e.getKey()
                        + " uses the " + source + " source, which needs an xmpp: section (host, domain)");
            }
        }
        if (!accounts.isEmpty()) {
            throw new ConfigException(top.file(), OptionalInt.of(top.lineOf("accounts")),
                    "accounts need an xmpp: section (host, domain)");
        }
    }
}
