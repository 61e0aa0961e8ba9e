package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.ProsodyServer;
import org.presencegw.xmpp.testing.XmppTestClient;
import org.slf4j.LoggerFactory;

/** Server restarts, a server that is down at start, STARTTLS with a self-signed cert, a wrong password. */
class SmackXmppAccountResilienceIT {
    private static final String PW = "pw";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final XmppAccounts accounts = new XmppAccounts();
    private final RecordingListener events = new RecordingListener();
    private ProsodyServer prosody;

    @BeforeAll
    static void logging() {
        JulBridge.install();
    }

    @AfterEach
    void cleanUp() {
        accounts.close();
        if (prosody != null) {
            prosody.close();
        }
    }

    @Test
    void prosodyRestarted_offlineThenOnline_stateResynced() {
        prosody = ProsodyServer.startDefault();
        prosody.createAccount("alice", PW);
        EntityBareJid bob = prosody.createAccount("bob", PW);
        prosody.makeMutualContacts("alice", "bob");
        SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", PW), events);
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        events.awaitContact(bob, "offline", s -> s.resources().isEmpty());

        int port = prosody.port();
        long pid = prosody.pid();
        prosody.stop();
        events.awaitConnection(false);
        assertFalse(account.isOnline());
        assertFalse(account.receivesPresence());
        prosody.start();
        assertEquals(port, prosody.port());
        assertTrue(prosody.pid() != pid);

        events.awaitConnection(true);
        events.awaitReception(true);
        try (XmppTestClient r1 = XmppTestClient.login(prosody, "bob", PW, "r1")) {
            r1.setPresence(Show.CHAT, "back", 1);
            ContactPresence state = events.awaitContact(bob, "r1 after restart", s -> s.resources().size() == 1);
            assertEquals(Show.CHAT, state.resources().get(0).show());
            assertEquals(RosterSubscription.BOTH, state.subscription());
        }
    }

    @Test
    void prosodyKilled_reconnectsAndContactPresenceComesBack() {
        prosody = ProsodyServer.startDefault();
        prosody.createAccount("alice", PW);
        EntityBareJid bob = prosody.createAccount("bob", PW);
        prosody.makeMutualContacts("alice", "bob");
        SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", PW), events);
        events.awaitConnection(true);
        account.setOwnPresence(new OwnPresence(true, Show.DND, java.util.Optional.of("in a call")));
        events.awaitReception(true);

        prosody.kill();
        events.awaitConnection(false);
        assertTrue(account.contact(bob).resources().isEmpty());
        prosody.start();
        events.awaitConnection(true);
        events.awaitReception(true); // own presence re-sent after the re-login
        try (XmppTestClient r1 = XmppTestClient.login(prosody, "bob", PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            events.awaitContact(bob, "r1", s -> s.resources().size() == 1);
        }
    }

    @Test
    void firstConnect_serverDown_connectsWhenItComesUp() {
        prosody = ProsodyServer.startDefault();
        prosody.createAccount("alice", PW);
        prosody.stop();
        SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", PW), events);
        awaitTrue("two failed attempts", () -> account.connectAttempts() >= 2);
        assertFalse(account.isOnline());

        prosody.start();
        events.awaitConnection(true);
        assertTrue(account.isOnline());
    }

    @Test
    void tlsRequired_selfSignedCertTrustedThroughTrustedCert() {
        prosody = ProsodyServer.builder().tls(true).start();
        prosody.createAccount("alice", PW);
        assertTrue(prosody.certificate().isPresent());
        SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", PW), events);
        events.awaitConnection(true);
        assertTrue(account.connection().isSecureConnection());
    }

    @Test
    void tlsRequired_certNotTrusted_neverOnline() {
        prosody = ProsodyServer.builder().tls(true).start();
        prosody.createAccount("alice", PW);
        XmppEndpoint untrusted = new XmppEndpoint(prosody.host(), prosody.port(), prosody.domain(), TlsMode.REQUIRED,
                java.util.Optional.empty(), "gw", Duration.ofSeconds(1));
        SmackXmppAccount account = accounts.open(untrusted, prosody.credentialsFor("alice", PW), events);
        awaitTrue("two failed attempts", () -> account.connectAttempts() >= 2);
        assertFalse(account.isOnline());
        assertTrue(events.all().isEmpty(), "no events: " + events.all());
    }

    @Test
    void wrongPassword_oneClearError_keepsRetrying_thenCloseStops() {
        prosody = ProsodyServer.startDefault();
        prosody.createAccount("alice", PW);
        Logger logger = (Logger) LoggerFactory.getLogger(FirstConnect.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", "nope"),
                    events);
            awaitTrue("two failed attempts", () -> account.connectAttempts() >= 2);
            List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertEquals(1, errors.size(), "one ERROR line: " + errors);
            assertTrue(errors.get(0).getFormattedMessage().contains("authentication failed"),
                    errors.get(0).getFormattedMessage());
            assertFalse(errors.get(0).getFormattedMessage().contains("nope"), "password in the log");
            assertNull(errors.get(0).getThrowableProxy(), "no stack trace");
            assertFalse(account.isOnline());

            // The operator fixes the password on the server: the retry loop logs in.
            prosody.setPassword("alice", "nope");
            events.awaitConnection(true);

            account.close();
            assertFalse(account.isRetryScheduled());
            awaitTrue("disconnected", () -> !account.isConnected());
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void wrongPassword_closeWhileRetrying_stopsTheRetries() throws InterruptedException {
        prosody = ProsodyServer.startDefault();
        prosody.createAccount("alice", PW);
        SmackXmppAccount account = accounts.open(prosody.endpoint("gw"), prosody.credentialsFor("alice", "nope"),
                events);
        awaitTrue("a retry scheduled", account::isRetryScheduled);
        account.close();
        assertFalse(account.isRetryScheduled());
        int attempts = account.connectAttempts();
        // A negative check needs a wait: longer than the next backoff step (2 s) would have been.
        Thread.sleep(2_500);
        assertEquals(attempts, account.connectAttempts(), "attempts after close()");
        assertFalse(account.isConnected());
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
