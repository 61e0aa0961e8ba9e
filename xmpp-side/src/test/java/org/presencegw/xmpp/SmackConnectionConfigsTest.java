package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmackConnectionConfigsTest {
    private static XmppEndpoint endpoint(String host, TlsMode tls, Optional<Path> cert) {
        return new XmppEndpoint(host, 5999, JidCreate.domainBareFromOrThrowUnchecked("jabber.test"), tls, cert,
                "gw", Duration.ofSeconds(1));
    }

    private static final XmppCredentials ALICE =
            new XmppCredentials(JidCreate.entityBareFromOrThrowUnchecked("alice@jabber.test"), "secret");

    @Test
    void build_ipLiteral_hostAddressPortResourceNoAutoPresence() {
        XMPPTCPConnectionConfiguration config =
                SmackConnectionConfigs.build(endpoint("127.0.0.1", TlsMode.DISABLED, Optional.empty()), ALICE);
        assertEquals("jabber.test", config.getXMPPServiceDomain().toString());
        assertEquals(5999, config.getPort().intValue());
        assertEquals("gw", config.getResource().toString());
        assertEquals("alice", config.getUsername().toString());
        assertFalse(config.isSendPresence());
        assertEquals(SecurityMode.disabled, config.getSecurityMode());
    }

    @Test
    void isIpLiteral_v4v6AndNames() {
        assertTrue(SmackConnectionConfigs.isIpLiteral("10.0.0.1"));
        assertTrue(SmackConnectionConfigs.isIpLiteral("::1"));
        assertFalse(SmackConnectionConfigs.isIpLiteral("xmpp.example.org"));
    }

    @Test
    void securityMode_eachTlsMode() {
        assertEquals(SecurityMode.required, SmackConnectionConfigs.securityMode(TlsMode.REQUIRED));
        assertEquals(SecurityMode.ifpossible, SmackConnectionConfigs.securityMode(TlsMode.OPTIONAL));
        assertEquals(SecurityMode.disabled, SmackConnectionConfigs.securityMode(TlsMode.DISABLED));
    }

    @Test
    void build_trustedCertNotPem_clearIllegalArgument(@TempDir Path dir) throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.crt"), "not a certificate");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                SmackConnectionConfigs.build(endpoint("127.0.0.1", TlsMode.REQUIRED, Optional.of(bogus)), ALICE));
        assertTrue(e.getMessage().contains("bogus.crt"), e.getMessage());
    }

    @Test
    void credentials_toString_hidesPassword() {
        assertFalse(ALICE.toString().contains("secret"));
    }
}
