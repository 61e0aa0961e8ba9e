package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;
import org.presencegw.xmpp.testing.XmppTestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test servers themselves, each kind: process control by PID, restart on the same port, live roster changes. */
class XmppTestServerIT {
    private static final Logger LOG = LoggerFactory.getLogger(XmppTestServerIT.class);

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

    /** Logs the timings quoted in the fixtures' Javadoc (no assertion on speed: the box is shared). */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void timings_startAccountsStopRestartKill(XmppServerKind kind) {
        long t0 = System.nanoTime();
        try (XmppTestServer server = kind.start()) {
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                server.createAccount("user" + i, "pw");
            }
            long accounts = System.nanoTime();
            for (int i = 0; i < 20; i += 2) {
                server.makeMutualContacts("user" + i, "user" + (i + 1));
            }
            long contacts = System.nanoTime();
            server.stop();
            long stopped = System.nanoTime();
            server.start();
            long restarted = System.nanoTime();
            server.kill();
            long killed = System.nanoTime();
            server.start();
            try (XmppTestClient user = XmppTestClient.login(server, "user19", "pw", "r1")) {
                RosterEntry contact = Roster.getInstanceFor(user.connection()).getEntry(server.jid("user18"));
                assertEquals(RosterPacket.ItemType.both, contact.getType(), "roster kept across stop and kill");
            }
            LOG.info("{} timings: start {} ms, 20 accounts {} ms, 10 mutual pairs {} ms, stop {} ms, restart {} ms,"
                            + " kill {} ms", kind, ms(started - t0), ms(accounts - started), ms(contacts - accounts),
                    ms(stopped - contacts), ms(restarted - stopped), ms(killed - restarted));
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
