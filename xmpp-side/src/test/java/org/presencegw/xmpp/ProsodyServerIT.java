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
import org.junit.jupiter.api.Test;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.ProsodyServer;
import org.presencegw.xmpp.testing.XmppTestClient;

/** The test harness itself: process control by PID, restart on the same port, live roster changes. */
class ProsodyServerIT {
    @BeforeAll
    static void logging() {
        JulBridge.install();
    }

    @Test
    void killAndStart_samePortNewPid_dataKept() {
        Path dir;
        try (ProsodyServer prosody = ProsodyServer.startDefault()) {
            dir = prosody.directory();
            prosody.createAccount("alice", "pw");
            long pid = prosody.pid();
            assertTrue(ProcessHandle.of(pid).isPresent());

            prosody.kill();
            assertFalse(prosody.isRunning());
            assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true), "pid " + pid + " still alive");

            prosody.start();
            assertNotEquals(pid, prosody.pid());
            try (XmppTestClient alice = XmppTestClient.login(prosody, "alice", "pw", "r1")) {
                assertEquals("alice@jabber.test/r1", alice.jid().toString());
            }
        }
        assertFalse(Files.exists(dir), "temp dir deleted by close()");
    }

    @Test
    void wrongPassword_testClientFailsClearly() {
        try (ProsodyServer prosody = ProsodyServer.startDefault()) {
            prosody.createAccount("alice", "pw");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> XmppTestClient.login(prosody, "alice", "wrong", "r1"));
            assertTrue(e.getMessage().contains("not-authorized"), e.getMessage());
        }
    }

    @Test
    void makeMutualContacts_whileLoggedIn_rosterPushedAndPresenceRoutedAfterwards() {
        try (ProsodyServer prosody = ProsodyServer.startDefault();
             XmppAccounts accounts = new XmppAccounts()) {
            prosody.createAccount("alice", "pw");
            EntityBareJid carol = prosody.createAccount("carol", "pw");
            RecordingListener events = new RecordingListener();
            SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", "pw"),
                    events);
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitReception(true);

            prosody.makeMutualContacts("alice", "carol");
            events.awaitContact(carol, "pushed as both", s -> s.subscription() == RosterSubscription.BOTH);

            try (XmppTestClient c = XmppTestClient.login(prosody, "carol", "pw", "phone")) {
                c.setPresence(Show.AWAY, null, 0);
                ContactPresence state = events.awaitContact(carol, "away", s -> !s.resources().isEmpty());
                assertEquals(List.of("phone"), SmackXmppAccountIT.resources(state));
            }
        }
    }

    @Test
    void tls_certificateForTheDomain() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.builder().domain("tls.test").tls(true).start()) {
            Path cert = prosody.certificate().orElseThrow();
            assertTrue(Files.readString(cert).contains("BEGIN CERTIFICATE"));
            assertEquals(cert, prosody.endpoint("gw").trustedCert().orElseThrow());
            assertEquals(TlsMode.REQUIRED, prosody.endpoint("gw").tls());
            prosody.createAccount("dave", "pw");
            try (XmppTestClient dave = XmppTestClient.login(prosody, "dave", "pw", "r1")) {
                assertTrue(dave.connection().isSecureConnection());
            }
        }
    }
}
