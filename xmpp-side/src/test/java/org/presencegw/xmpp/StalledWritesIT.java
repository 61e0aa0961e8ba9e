package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.util.Queue;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.internal.ModularXmppClientToServerConnectionInternal;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.TopLevelStreamElement;
import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.xmpp.testing.Polling;
import org.presencegw.xmpp.testing.XmppServerKind;

/**
 * The lost write wakeup of Smack 4.4.8's modular TCP transport ({@link StalledWrites}), made on purpose: a ping is
 * put in the connection's outgoing queue without asking the reactor for write interest, which is where the race
 * leaves an element. Without a check it is never sent; the checks send it, and the gateway's accounts run them.
 */
class StalledWritesIT extends SharedServerAccountCases {
    private static final long QUIET_MS = 1_500;
    private static final long ANSWER_MS = 5_000;
    private static final int TRIES = 5;
    private static final int ROUNDS = 3;

    /**
     * Prosody only: any data the server sends runs a reactor callback, which writes what waits in the queue at its
     * end, and in a full build ejabberd kept sending after the login, so the stall could not be made there (five
     * tries in 2 s). The accounts' check is tested on both servers below.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = XmppServerKind.class, names = "PROSODY")
    void elementLeftInTheQueue_notSentWithoutACheck_sentAfterTheSecondCheck(XmppServerKind kind) throws Exception {
        use(kind);
        // Anything else Smack writes or reads meanwhile (its answer to a server's request, any data the server sends)
        // takes the ping along: then the stall did not happen, and it is made again with a new ping. CI once saw
        // five pings in a row on one connection written within QUIET_MS: each round now uses a new connection.
        StringBuilder seen = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(
                    SmackConnectionConfigs.modular(server.endpoint("gw"), server.credentialsFor(alice, PW)));
            Roster.getInstanceFor(c).setRosterLoadedAtLogin(false); // no roster request to write the ping by the way
            try {
                c.connect();
                c.login();
                if (stallAndRelease(c, seen)) {
                    return;
                }
                seen.append("; round ").append(round).append(": ").append(c.getStats());
            } finally {
                c.instantShutdown();
            }
        }
        fail("nothing asks for write interest: the ping stays (in one of " + TRIES + " tries on each of " + ROUNDS
                + " connections); each ping was written after " + seen);
    }

    /**
     * Queues a ping without asking for write interest until one stays unanswered for {@link #QUIET_MS}, then checks
     * that two {@link StalledWrites#check}s get it written.
     *
     * @return whether a ping stalled (and was then released by the checks); false after {@link #TRIES} pings that
     *         other traffic took along, each noted in {@code seen} with how long its answer took
     */
    private boolean stallAndRelease(ModularXmppClientToServerConnection c, StringBuilder seen) throws Exception {
        StalledWrites writes = StalledWrites.of(alice, c).orElseThrow(); // Smack's fields are where we look
        for (int attempt = 0; attempt < TRIES; attempt++) {
            IQ ping = ping(c);
            try (StanzaCollector answers = c.createStanzaCollector(new StanzaIdFilter(ping))) {
                long start = System.nanoTime();
                queue(c).add(ping);
                if (answers.nextResult(QUIET_MS) != null) {
                    seen.append(' ').append((System.nanoTime() - start) / 1_000_000).append(" ms");
                    continue;
                }
                assertSame(ping, queue(c).peek());
                assertFalse(writes.check(), "first sight of the head: not yet stuck");
                assertTrue(writes.check(), "the same head one check later: write interest asked for");
                Stanza answer = answers.nextResult(ANSWER_MS);
                assertNotNull(answer, "the ping went out and was answered");
                assertEquals(IQ.Type.result, ((IQ) answer).getType());
                assertTrue(queue(c).isEmpty());
                assertFalse(writes.check(), "an empty queue is not stuck");
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(XmppServerKind.class)
    void accountsCheckTheirConnections_aStuckPingIsAnsweredWithinAFewPeriods(XmppServerKind kind) throws Exception {
        use(kind);
        SmackXmppAccount account = openAlice();
        events.awaitConnection(true);
        ModularXmppClientToServerConnection c = account.connection();
        // Whatever the account writes meanwhile (its presence, a roster answer right after the login) takes the
        // ping along, as in the test above: then no check was needed, and the stall is made again with a new ping.
        // CI saw that once on Prosody (answered after 0.13 s, no nudge).
        boolean nudged = false;
        for (int attempt = 0; attempt < 5 && !nudged; attempt++) {
            long before = StalledWrites.nudges();
            IQ ping = ping(c);
            try (StanzaCollector answers = c.createStanzaCollector(new StanzaIdFilter(ping))) {
                queue(c).add(ping);
                Stanza answer = answers.nextResult(4 * XmppAccounts.WRITE_CHECK_MS + ANSWER_MS);
                assertNotNull(answer, "the stuck ping got written (by the accounts' timer or by other traffic)");
            }
            nudged = StalledWrites.nudges() > before;
        }
        if (kind == XmppServerKind.PROSODY) { // ejabberd's own traffic may write it first every time (see above)
            assertTrue(nudged, "the accounts' timer found a stuck ping and got it written (in one of 5 tries)");
        }
        assertEquals(1, accounts.watchedConnections());
        account.close();
        Polling.awaitTrue("the closed account's connection is no longer watched", RecordingListener.TIMEOUT,
                () -> accounts.watchedConnections() == 0);
    }

    private static IQ ping(ModularXmppClientToServerConnection c) {
        PingIq ping = new PingIq();
        ping.setTo(c.getXMPPServiceDomain());
        return ping;
    }

    private static Queue<TopLevelStreamElement> queue(ModularXmppClientToServerConnection c) throws Exception {
        Field f = ModularXmppClientToServerConnection.class.getDeclaredField("connectionInternal");
        f.setAccessible(true);
        return ((ModularXmppClientToServerConnectionInternal) f.get(c)).outgoingElementsQueue;
    }
}
