package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;
import org.presencegw.xmpp.testing.XmppTestServer;

/** The test servers themselves, each kind: process control by PID, restart on the same port, live roster changes. */
class XmppTestServerIT {
    @BeforeAll
    static void logging() {
        JulBridge.install();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void killAndStart_samePortNewPid_dataKept(XmppServerKind kind) {
        Path dir;
        try (XmppTestServer server = kind.start()) {
            dir = server.directory();
            server.createAccount("alice", "pw");
            long pid = server.pid();
            int port = server.port();
            assertTrue(ProcessHandle.of(pid).isPresent());

            server.kill();
            assertFalse(server.isRunning());
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid " + pid + " still alive");

            server.start();
            assertNotEquals(pid, server.pid());
            assertEquals(port, server.port());
            try (XmppTestClient alice = XmppTestClient.login(server, "alice", "pw", "r1")) {
                assertEquals("alice@jabber.test/r1", alice.jid().toString());
            }
        }
        assertFalse(Files.exists(dir), "temp dir deleted by close()");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void wrongPassword_testClientFailsClearly(XmppServerKind kind) {
        try (XmppTestServer server = kind.start()) {
            server.createAccount("alice", "pw");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> XmppTestClient.login(server, "alice", "wrong", "r1"));
            assertTrue(e.getMessage().contains("not-authorized"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void makeMutualContacts_whileLoggedIn_rosterPushedAndPresenceRoutedAfterwards(XmppServerKind kind) {
        try (XmppTestServer server = kind.start();
             XmppAccounts accounts = new XmppAccounts()) {
            server.createAccount("alice", "pw");
            EntityBareJid carol = server.createAccount("carol", "pw");
            RecordingListener events = new RecordingListener();
            SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", "pw"),
                    events);
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitReception(true);

            server.makeMutualContacts("alice", "carol");
            events.awaitContact(carol, "pushed as both", s -> s.subscription() == RosterSubscription.BOTH);

            try (XmppTestClient c = XmppTestClient.login(server, "carol", "pw", "phone")) {
                c.setPresence(Show.AWAY, null, 0);
                ContactPresence state = events.awaitContact(carol, "away", s -> !s.resources().isEmpty());
                assertEquals(List.of("phone"), SharedServerAccountCases.resources(state));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void tls_certificateForTheDomain(XmppServerKind kind) throws Exception {
        try (XmppTestServer server = kind.start("tls.test", true)) {
            Path cert = server.certificate().orElseThrow();
            assertTrue(Files.readString(cert).contains("BEGIN CERTIFICATE"));
            assertEquals(cert, server.endpoint("gw").trustedCert().orElseThrow());
            assertEquals(TlsMode.REQUIRED, server.endpoint("gw").tls());
            server.createAccount("dave", "pw");
            try (XmppTestClient dave = XmppTestClient.login(server, "dave", "pw", "r1")) {
                assertTrue(dave.connection().isSecureConnection());
            }
        }
    }
}
