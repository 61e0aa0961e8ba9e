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
import java.util.function.Consumer;
import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.LoopbackRelay;
import org.presencegw.xmpp.testing.Polling;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestClient;
import org.presencegw.xmpp.testing.XmppTestServer;
import org.slf4j.LoggerFactory;

/** On each server: restarts, a server that is down at start, STARTTLS with a self-signed cert, a wrong password. */
class SmackXmppAccountResilienceIT {
    private static final String PW = "pw";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final XmppAccounts accounts = new XmppAccounts();
    private final RecordingListener events = new RecordingListener();
    private XmppTestServer server;

    @BeforeAll
    static void logging() {
        JulBridge.install();
    }

    @AfterEach
    void cleanUp() {
        accounts.close();
        if (server != null) {
            server.close();
        }
    }

    /** After the restart bob is known offline again (probe answer or grace period), then live again. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void serverRestarted_offlineThenOnline_stateResynced(XmppServerKind kind) {
        server = kind.start();
        server.createAccount("alice", PW);
        EntityBareJid bob = server.createAccount("bob", PW);
        server.makeMutualContacts("alice", "bob");
        SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", PW), events);
        events.awaitConnection(true);
        account.setOwnPresence(OwnPresence.AVAILABLE);
        events.awaitReception(true);
        events.awaitContact(bob, "offline", s -> s.resources().isEmpty());

        int port = server.port();
        long pid = server.pid();
        server.stop();
        events.awaitConnection(false);
        assertFalse(account.isOnline());
        assertFalse(account.receivesPresence());
        server.start();
        assertEquals(port, server.port());
        assertTrue(server.pid() != pid);

        events.awaitConnection(true);
        events.awaitReception(true);
        events.awaitContact(bob, "known offline after the reconnect", s -> s.resources().isEmpty()
                && s.knowledge() == PresenceKnowledge.KNOWN);
        try (XmppTestClient r1 = XmppTestClient.login(server, "bob", PW, "r1")) {
            r1.setPresence(Show.CHAT, "back", 1);
            ContactPresence state = events.awaitContact(bob, "r1 after restart", s -> s.resources().size() == 1);
            assertEquals(Show.CHAT, state.resources().get(0).show());
            assertEquals(RosterSubscription.BOTH, state.subscription());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void serverKilled_reconnectsAndContactPresenceComesBack(XmppServerKind kind) {
        outage_reconnectsAndContactPresenceComesBack(kind, XmppTestServer::kill);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void serverStopped_reconnectsAndContactPresenceComesBack(XmppServerKind kind) {
        outage_reconnectsAndContactPresenceComesBack(kind, XmppTestServer::stop);
    }

    private void outage_reconnectsAndContactPresenceComesBack(XmppServerKind kind, Consumer<XmppTestServer> outage) {
        server = kind.start();
        server.createAccount("alice", PW);
        EntityBareJid bob = server.createAccount("bob", PW);
        server.makeMutualContacts("alice", "bob");
        SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", PW), events);
        events.awaitConnection(true);
        account.setOwnPresence(new OwnPresence(true, Show.DND, java.util.Optional.of("in a call")));
        events.awaitReception(true);

        outage.accept(server);
        events.awaitConnection(false);
        assertTrue(account.contact(bob).resources().isEmpty());
        server.start();
        events.awaitConnection(true);
        events.awaitReception(true); // own presence re-sent after the re-login
        try (XmppTestClient r1 = XmppTestClient.login(server, "bob", PW, "r1")) {
            r1.setPresence(Show.AVAILABLE, null, 0);
            events.awaitContact(bob, "r1", s -> s.resources().size() == 1);
        }
    }

    /** On ejabberd this is the XEP-0198 case of docs/notes/ejabberd.md: no stream management, a new session. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void networkCut_serverStaysUp_onlineAgainAndPresenceFlows(XmppServerKind kind) {
        server = kind.start();
        server.createAccount("alice", PW);
        EntityBareJid bob = server.createAccount("bob", PW);
        server.makeMutualContacts("alice", "bob");
        try (LoopbackRelay relay = new LoopbackRelay(server.port());
             XmppTestClient r1 = XmppTestClient.login(server, "bob", PW, "r1")) {
            r1.setPresence(Show.AWAY, null, 0);
            XmppEndpoint direct = server.endpoint("gw");
            XmppEndpoint viaRelay = new XmppEndpoint(direct.host(), relay.port(), direct.domain(), direct.tls(),
                    direct.trustedCert(), direct.resource(), direct.reconnectDelay(), direct.policy());
            SmackXmppAccount account = accounts.open(viaRelay, server.credentialsFor("alice", PW), events);
            events.awaitConnection(true);
            account.setOwnPresence(OwnPresence.AVAILABLE);
            events.awaitContact(bob, "r1 away", s -> s.resources().size() == 1);

            relay.cut();
            events.awaitConnection(false);
            events.awaitConnection(true);
            events.awaitReception(true);
            r1.setPresence(Show.DND, null, 0);
            events.awaitContact(bob, "r1 dnd", s -> s.resources().size() == 1
                    && s.resources().get(0).show() == Show.DND);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void firstConnect_serverDown_connectsWhenItComesUp(XmppServerKind kind) {
        server = kind.start();
        server.createAccount("alice", PW);
        server.stop();
        SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", PW), events);
        awaitTrue("two failed attempts", () -> account.connectAttempts() >= 2);
        assertFalse(account.isOnline());

        server.start();
        events.awaitConnection(true);
        assertTrue(account.isOnline());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("TRN-06")
    void tlsRequired_selfSignedCertTrustedThroughTrustedCert(XmppServerKind kind) {
        server = kind.start("jabber.test", true);
        server.createAccount("alice", PW);
        assertTrue(server.certificate().isPresent());
        SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", PW), events);
        events.awaitConnection(true);
        assertTrue(account.connection().isSecureConnection());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    @DisplayName("TRN-06")
    void tlsRequired_certNotTrusted_neverOnline(XmppServerKind kind) {
        server = kind.start("jabber.test", true);
        server.createAccount("alice", PW);
        XmppEndpoint untrusted = new XmppEndpoint(server.host(), server.port(), server.domain(), TlsMode.REQUIRED,
                java.util.Optional.empty(), "gw", Duration.ofSeconds(1));
        SmackXmppAccount account = accounts.open(untrusted, server.credentialsFor("alice", PW), events);
        awaitTrue("two failed attempts", () -> account.connectAttempts() >= 2);
        assertFalse(account.isOnline());
        assertTrue(events.all().isEmpty(), "no events: " + events.all());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void wrongPassword_oneClearError_keepsRetrying_thenCloseStops(XmppServerKind kind) {
        server = kind.start();
        server.createAccount("alice", PW);
        Logger logger = (Logger) LoggerFactory.getLogger(ConnectionKeeper.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", "nope"),
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
            server.setPassword("alice", "nope");
            events.awaitConnection(true);

            account.close();
            assertFalse(account.isRetryScheduled());
            awaitTrue("disconnected", () -> !account.isConnected());
        } finally {
            logger.detachAppender(log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void wrongPassword_closeWhileRetrying_stopsTheRetries(XmppServerKind kind) throws InterruptedException {
        server = kind.start();
        server.createAccount("alice", PW);
        SmackXmppAccount account = accounts.open(server.endpoint("gw"), server.credentialsFor("alice", "nope"),
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
        Polling.awaitTrue(what, WAIT, condition);
    }
}
