package org.presencegw.gateway.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.presencegw.gateway.Gateway;
import org.presencegw.gateway.config.AccountMapping;
import org.presencegw.gateway.config.ConfigLoader;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.gateway.config.RegistrarSettings;
import org.presencegw.gateway.config.SipSettings;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.testing.ProsodyServer;

/**
 * Builds gateway configurations for in-process integration tests: SIP on a free loopback port, the SIP domain
 * {@code jabber.test} served by the jabber source, {@code sip.test} by the registrar, XMPP against the test's Prosody.
 */
final class GatewayHarness {
    static final String SIP_DOMAIN = "jabber.test";
    static final String USER_DOMAIN = "sip.test";
    static final String PASSWORD = "secret";

    private GatewayHarness() {
    }

    static GatewayConfig config(ProsodyServer prosody, int sipPort, int minExpires, List<String> mappedUsers,
                                Optional<String> bridgeUser) {
        List<AccountMapping> accounts = mappedUsers.stream()
                .map(u -> new AccountMapping(SipAddress.parse("sip:" + u + "@" + USER_DOMAIN),
                        prosody.credentialsFor(u, PASSWORD)))
                .toList();
        Optional<XmppCredentials> bridge = bridgeUser.map(u -> prosody.credentialsFor(u, PASSWORD));
        return new GatewayConfig(Path.of("test.yml"),
                new SipSettings("127.0.0.1", sipPort, Set.of(Transport.UDP, Transport.TCP), 600, minExpires, 3600),
                Map.of(SIP_DOMAIN, GatewayConfig.SOURCE_JABBER, USER_DOMAIN, GatewayConfig.SOURCE_REGISTRAR),
                prosody.endpoint("sip-gateway"), bridge, accounts);
    }

    /**
     * A gateway that serves only the registrar domain {@code sip.test} (no XMPP at all): SIP on a free loopback
     * port, default 600 s, the given minimum, maximum 3600 s.
     */
    /** Registrar domain {@code sip.test} only, no XMPP; unknown users may register (no account mappings). */
    static GatewayConfig registrarOnly(int sipPort, int minExpires) {
        return new GatewayConfig(Path.of("test.yml"),
                new SipSettings("127.0.0.1", sipPort, Set.of(Transport.UDP, Transport.TCP), 600, minExpires, 3600),
                Map.of(USER_DOMAIN, GatewayConfig.SOURCE_REGISTRAR), ConfigLoader.UNUSED_XMPP, Optional.empty(),
                List.of(), new RegistrarSettings(true));
    }

    /** Like {@link #config} with account mappings that carry SIP digest passwords (user to password). */
    static GatewayConfig withSipPasswords(ProsodyServer prosody, int sipPort, int minExpires,
                                          Map<String, Optional<String>> mappedUsers, boolean allowUnknown) {
        List<AccountMapping> accounts = mappedUsers.entrySet().stream()
                .map(e -> new AccountMapping(SipAddress.parse("sip:" + e.getKey() + "@" + USER_DOMAIN),
                        prosody.credentialsFor(e.getKey(), PASSWORD), e.getValue()))
                .toList();
        return new GatewayConfig(Path.of("test.yml"),
                new SipSettings("127.0.0.1", sipPort, Set.of(Transport.UDP, Transport.TCP), 600, minExpires, 3600),
                Map.of(SIP_DOMAIN, GatewayConfig.SOURCE_JABBER, USER_DOMAIN, GatewayConfig.SOURCE_REGISTRAR),
                prosody.endpoint("sip-gateway"), Optional.empty(), accounts, new RegistrarSettings(allowUnknown));
    }

    static Gateway start(ProsodyServer prosody, int minExpires, List<String> mappedUsers, Optional<String> bridge)
            throws Exception {
        return Gateway.start(config(prosody, FreePorts.pick(), minExpires, mappedUsers, bridge));
    }

    static String sip(String user) {
        return "sip:" + user + "@" + SIP_DOMAIN;
    }

    static String watcher(String user) {
        return "sip:" + user + "@" + USER_DOMAIN;
    }
}
