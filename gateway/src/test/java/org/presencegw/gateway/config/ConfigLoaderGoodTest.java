package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.Transport;
import org.presencegw.xmpp.TlsMode;
import org.presencegw.xmpp.XmppEndpoint;
import org.presencegw.xmpp.XmppPolicy;

class ConfigLoaderGoodTest {
    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("SIPGW_PASSWORD", "bridge-secret",
            "CAROL_PASSWORD", "carol-secret", "PRESENCEGW_ADMIN_TOKEN", "admin-token-0123456789");

    @Test
    void load_fullFile_everyValueAsWritten() throws Exception {
        Path file = ConfigFixtures.resource("full.yaml");
        GatewayConfig c = new ConfigLoader(ENV::get).read(file).config();

        assertEquals(file, c.file());
        assertEquals(new SipSettings("127.0.0.1", 5070, Set.of(Transport.TCP), 1800, 30, 7200), c.sip());
        assertEquals(Map.of("jabber.example.com", "jabber", "sip.example.com", "registrar"), c.domains());
        XmppEndpoint x = c.xmpp();
        assertEquals("xmpp.example.com", x.host());
        assertEquals(5223, x.port());
        assertEquals(JidCreate.domainBareFrom("jabber.example.com"), x.domain());
        assertEquals(TlsMode.OPTIONAL, x.tls());
        assertEquals(Optional.of(file.getParent().resolve("trusted-cert.pem")), x.trustedCert());
        assertEquals("desk-phones", x.resource());
        assertEquals(Duration.ofSeconds(12), x.reconnectDelay());
        assertEquals(new XmppPolicy(Duration.ofSeconds(5), 50, Duration.ofHours(1), Duration.ZERO,
                Duration.ofSeconds(45)), x.policy());
        assertEquals(JidCreate.entityBareFrom("sipgw@jabber.example.com"), c.bridge().orElseThrow().jid());
        assertEquals("bridge-secret", c.bridge().orElseThrow().password());
        assertTrue(c.usesXmpp());

        List<AccountMapping> a = c.accounts();
        assertEquals(3, a.size());
        assertEquals(SipAddress.of("alice", "sip.example.com"), a.get(0).sip());
        assertEquals(JidCreate.entityBareFrom("alice@jabber.example.com"), a.get(0).xmpp().jid());
        assertEquals("alice-secret", a.get(0).xmpp().password());
        assertEquals("sips:bob@jabber.example.com", a.get(1).sip().uri());
        assertEquals(JidCreate.entityBareFrom("bob@jabber.example.com"), a.get(1).xmpp().jid());
        assertEquals("bob-secret", a.get(1).xmpp().password(), "trailing line breaks are trimmed");
        assertEquals("carol-secret", a.get(2).xmpp().password());

        assertEquals(new Limits(50, 1000, 4, 100, 8, 3, 2000), c.protection().limits());
        assertEquals(List.of("10.0.0.0/8"), c.protection().trustedNetworks().cidrs());
        assertEquals(Set.of("sip.example.com", "corp.example.com"), c.protection().bridgeWatcherDomains());
        assertEquals(new AdminSettings(java.net.InetAddress.getByName("0.0.0.0"), 9180,
                Optional.of("admin-token-0123456789")), c.admin().orElseThrow());
    }

    @Test
    void load_minimalFile_everyDefault() throws Exception {
        GatewayConfig c = ConfigLoader.load(ConfigFixtures.resource("minimal.yaml"));

        assertEquals(new SipSettings("127.0.0.1", 5060, Set.of(Transport.UDP, Transport.TCP), 3600, 60, 86400),
                c.sip());
        XmppEndpoint x = c.xmpp();
        assertEquals(5222, x.port());
        assertEquals(TlsMode.REQUIRED, x.tls());
        assertEquals(Optional.empty(), x.trustedCert());
        assertEquals("sip-gateway", x.resource());
        assertEquals(Duration.ofSeconds(5), x.reconnectDelay());
        assertEquals(XmppPolicy.DEFAULTS, x.policy());
        assertEquals(Optional.empty(), c.bridge());
        assertEquals(List.of(), c.accounts());
        assertTrue(c.usesXmpp());
        assertEquals(Optional.empty(), c.admin(), "no admin: section, no listener");
    }

    @Test
    void load_registrarOnlyWithoutXmpp_placeholderEndpointAndNoXmppUse() throws Exception {
        GatewayConfig c = ConfigLoader.load(ConfigFixtures.resource("registrar-only.yaml"));

        assertEquals("0.0.0.0", c.sip().listen());
        assertEquals(ConfigLoader.UNUSED_XMPP, c.xmpp());
        assertFalse(c.usesXmpp());
    }

    @Test
    void read_base_recordsLinesOfListenAndPort() throws Exception {
        LoadedConfig loaded = ConfigFixtures.load(dir, ConfigFixtures.BASE, Map.of());

        assertEquals(OptionalInt.of(2), loaded.listenLine());
        assertEquals(OptionalInt.of(3), loaded.portLine());
    }

    @Test
    void load_emptyAccountsValue_noAccounts() throws Exception {
        GatewayConfig c = ConfigFixtures.load(dir, ConfigFixtures.HEAD + "accounts:\n");

        assertEquals(List.of(), c.accounts());
    }

    @Test
    void load_ipv6ListenAndQuotedPort_accepted() throws Exception {
        GatewayConfig c = ConfigFixtures.load(dir, ConfigFixtures.BASE
                .replace("listen: 127.0.0.1", "listen: \"::1\"").replace("port: 5060", "port: \"5080\""));

        assertEquals("::1", c.sip().listen());
        assertEquals(5080, c.sip().port());
    }

    @Test
    void load_passwordFileWithCrlf_trimmedAndRelativeToConfigDir() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("alice.pw"), "s3cret\r\n");
        GatewayConfig c = ConfigFixtures.load(dir, ConfigFixtures.BASE
                .replace("password: alice-secret", "password_file: alice.pw"));

        assertEquals("s3cret", c.accounts().get(0).xmpp().password());
    }

    @Test
    void load_numericInlinePassword_keptAsText() throws Exception {
        GatewayConfig c = ConfigFixtures.load(dir, ConfigFixtures.BASE
                .replace("password: alice-secret", "password: 0123"));

        assertEquals("0123", c.accounts().get(0).xmpp().password());
    }
}
