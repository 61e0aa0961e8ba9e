package org.presencegw.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.gateway.config.AccountMapping;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.gateway.config.RegistrarSettings;
import org.presencegw.gateway.config.SipSettings;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.Transport;
import org.presencegw.xmpp.TlsMode;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;

/** What a SIGHUP reload changes (issue 9, "Reload without restart"). */
class ConfigDiffTest {

    private static final SipSettings SIP = new SipSettings("127.0.0.1", 5060, Set.of(Transport.UDP), 3600, 60, 86400);
    private static final XmppEndpoint XMPP = new XmppEndpoint("127.0.0.1", 5222,
            JidCreate.domainBareFromOrThrowUnchecked("jabber.test"), TlsMode.DISABLED, Optional.empty(), "gw",
            java.time.Duration.ofSeconds(5));

    private static AccountMapping mapping(String user, String password, Optional<String> sipPassword) {
        return new AccountMapping(SipAddress.parse("sip:" + user + "@sip.test"),
                new XmppCredentials(JidCreate.entityBareFromOrThrowUnchecked(user + "@jabber.test"), password),
                sipPassword);
    }

    private static GatewayConfig config(List<AccountMapping> accounts) {
        return new GatewayConfig(Path.of("gw.yaml"), SIP, Map.of("sip.test", "registrar", "jabber.test", "jabber"),
                XMPP, Optional.empty(), accounts, RegistrarSettings.DEFAULTS);
    }

    @Test
    void between_addedRemovedAndAccountChanged_untouchedLeftAlone() {
        AccountMapping alice = mapping("alice", "a", Optional.empty());
        AccountMapping bob = mapping("bob", "b", Optional.empty());
        AccountMapping carol = mapping("carol", "c", Optional.empty());
        AccountMapping bobNewPassword = mapping("bob", "b2", Optional.empty());
        AccountMapping dave = mapping("dave", "d", Optional.empty());
        ConfigDiff d = ConfigDiff.between(config(List.of(alice, bob, carol)), config(List.of(alice, bobNewPassword,
                dave)));
        assertEquals(List.of(bob, carol), d.removed());
        assertEquals(List.of(bobNewPassword, dave), d.added());
        assertFalse(d.bridgeChanged());
        assertTrue(d.needRestart().isEmpty());
    }

    @Test
    void between_onlyDigestPasswordChanged_accountKept_usersUpdated() {
        ConfigDiff d = ConfigDiff.between(config(List.of(mapping("alice", "a", Optional.empty()))),
                config(List.of(mapping("alice", "a", Optional.of("phone")))));
        assertTrue(d.added().isEmpty());
        assertTrue(d.removed().isEmpty());
        assertTrue(d.usersChanged());
    }

    @Test
    void between_listenAddressChanged_needsRestart() {
        GatewayConfig old = config(List.of());
        GatewayConfig next = new GatewayConfig(Path.of("gw.yaml"), new SipSettings("0.0.0.0", 5060,
                Set.of(Transport.UDP), 3600, 60, 86400), old.domains(), XMPP, Optional.empty(), List.of(),
                RegistrarSettings.DEFAULTS);
        assertEquals(List.of("sip"), ConfigDiff.between(old, next).needRestart());
    }

    @Test
    void between_listsMaxMembersChanged_needsRestart() {
        GatewayConfig old = config(List.of());
        GatewayConfig next = old.withLists(new org.presencegw.gateway.config.ListSettings(50));
        assertEquals(List.of("lists"), ConfigDiff.between(old, next).needRestart());
    }

    @Test
    void between_sameFile_nothing() {
        GatewayConfig c = config(List.of(mapping("alice", "a", Optional.empty())));
        assertTrue(ConfigDiff.between(c, c).isEmpty());
    }
}
