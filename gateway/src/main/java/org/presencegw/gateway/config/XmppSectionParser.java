package org.presencegw.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.presencegw.xmpp.TlsMode;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;
import org.presencegw.xmpp.XmppPolicy;

/**
 * The {@code xmpp:} section. Required when a domain uses the {@code jabber} source or {@code accounts:} is not
 * empty.
 * <ul>
 *   <li>{@code host} (required): XMPP server address, IP literal or host name (no SRV lookup).</li>
 *   <li>{@code port} (default 5222, 1..65535): client-to-server port.</li>
 *   <li>{@code domain} (required): XMPP service domain; {@code sip:bob@<jabber domain>} is
 *       {@code bob@<xmpp.domain>}.</li>
 *   <li>{@code tls} (default {@code required}): {@code required}, {@code optional} or {@code disabled}.</li>
 *   <li>{@code trusted_cert} (optional): PEM file of certificate(s) to trust for STARTTLS instead of the JVM trust
 *       store; relative to the config file's directory; must be readable and hold a certificate.</li>
 *   <li>{@code resource} (default {@code sip-gateway}): the gateway's resource on every account.</li>
 *   <li>{@code reconnect_delay} (default 5 s, 1..3600): the first delay before a reconnect, doubling per failed
 *       attempt up to 30 s, with jitter.</li>
 *   <li>{@code logins_per_second} (default 200, 1..10000): logins and reconnects of all accounts together.</li>
 *   <li>{@code keepalive} (default 30 s, 1..3600): each account pings its server this often.</li>
 *   <li>{@code presence_grace} (default 3 s, 0..60): a contact still silent this long after the account's initial
 *       presence is offline.</li>
 *   <li>{@code subscription_giveup} (default 600 s, 0..86400; 0 = never): a watch pending this long ends with
 *       {@code terminated;reason=giveup}.</li>
 *   <li>{@code resubscribe_quiet_period} (default 86400 s, 0..31536000; 0 = forget at once): how long a denied,
 *       revoked or dropped subscription is remembered, during which the contact is not asked again.</li>
 *   <li>{@code bridge_account} (optional): {@code jid} plus one password key (see {@link SecretReader}); serves
 *       SIP watchers that have no mapping of their own, if their domain is one of {@code watcher_domains} (default
 *       the registrar domains; read by {@link ProtectionParser}).</li>
 * </ul>
 */
final class XmppSectionParser {
    static final int DEFAULT_PORT = 5222;
    static final String DEFAULT_RESOURCE = "sip-gateway";
    static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(5);
    private static final Set<String> KEYS = Set.of("host", "port", "domain", "tls", "trusted_cert", "resource",
            "reconnect_delay", "bridge_account", "logins_per_second", "keepalive", "presence_grace",
            "subscription_giveup", "resubscribe_quiet_period");
    private static final Set<String> BRIDGE_KEYS = Set.of("jid", "password", "password_env", "password_file",
            "watcher_domains");

    /** The parsed section: where to connect, and the bridge account with the line of its {@code jid}. */
    record XmppSection(XmppEndpoint endpoint, Optional<Located<XmppCredentials>> bridge) {
    }

    private XmppSectionParser() {
    }

    static XmppSection parse(YamlSection xmpp, SecretReader secrets, Path baseDirectory) throws ConfigException {
        xmpp.allowOnly(KEYS);
        String host = xmpp.requiredString("host");
        if (!HostNames.isHostOrAddress(host)) {
            throw xmpp.error("host", "'" + host + "' is neither an IP address nor a host name");
        }
        int port = xmpp.integer("port", DEFAULT_PORT, 1, 65535);
        var domain = JidParser.domain(xmpp, "domain");
        TlsMode tls = tls(xmpp);
        Optional<Path> trustedCert = trustedCert(xmpp, baseDirectory);
        String resource = resource(xmpp);
        int delay = xmpp.integer("reconnect_delay", (int) DEFAULT_RECONNECT_DELAY.toSeconds(), 1, 3600);
        Optional<Located<XmppCredentials>> bridge = Optional.empty();
        Optional<YamlSection> bridgeSection = xmpp.section("bridge_account");
        if (bridgeSection.isPresent()) {
            YamlSection b = bridgeSection.get();
            b.allowOnly(BRIDGE_KEYS);
            var jid = JidParser.entityBare(b, "jid");
            bridge = Optional.of(new Located<>(new XmppCredentials(jid, secrets.password(b)), b.valueLine("jid")));
        }
        XmppEndpoint endpoint = new XmppEndpoint(host, port, domain, tls, trustedCert, resource,
                Duration.ofSeconds(delay), policy(xmpp));
        return new XmppSection(endpoint, bridge);
    }

    /** The behaviour keys; each default is {@link XmppPolicy#DEFAULTS}'. */
    private static XmppPolicy policy(YamlSection xmpp) throws ConfigException {
        XmppPolicy d = XmppPolicy.DEFAULTS;
        return new XmppPolicy(
                seconds(xmpp, "presence_grace", d.presenceGrace(), 0, 60),
                xmpp.integer("logins_per_second", d.loginsPerSecond(), 1, 10_000),
                seconds(xmpp, "resubscribe_quiet_period", d.resubscribeQuietPeriod(), 0, 31_536_000),
                seconds(xmpp, "subscription_giveup", d.pendingGiveup(), 0, 86_400),
                seconds(xmpp, "keepalive", d.keepalive(), 1, 3600));
    }

    private static Duration seconds(YamlSection xmpp, String key, Duration fallback, int min, int max)
            throws ConfigException {
        return Duration.ofSeconds(xmpp.integer(key, (int) fallback.toSeconds(), min, max));
    }

    private static TlsMode tls(YamlSection xmpp) throws ConfigException {
        Optional<String> value = xmpp.string("tls");
        if (value.isEmpty()) {
            return TlsMode.REQUIRED;
        }
        return switch (value.get()) {
            case "required" -> TlsMode.REQUIRED;
            case "optional" -> TlsMode.OPTIONAL;
            case "disabled" -> TlsMode.DISABLED;
            default -> throw xmpp.error("tls", "unknown tls value '" + value.get()
                    + "' (expected required, optional or disabled)");
        };
    }

    private static String resource(YamlSection xmpp) throws ConfigException {
        String resource = xmpp.string("resource").orElse(DEFAULT_RESOURCE);
        try {
            Resourcepart.from(resource);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw xmpp.error("resource", "'" + resource + "' is not a valid XMPP resource");
        }
        return resource;
    }

    private static Optional<Path> trustedCert(YamlSection xmpp, Path baseDirectory) throws ConfigException {
        Optional<String> name = xmpp.string("trusted_cert");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path path = baseDirectory.resolve(name.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw xmpp.error("trusted_cert", "cannot read certificate file " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw xmpp.error("trusted_cert", path + " holds no PEM certificate");
            }
        } catch (IOException | CertificateException e) {
            throw xmpp.error("trusted_cert", path + " holds no readable PEM certificate");
        }
        return Optional.of(path);
    }
}
