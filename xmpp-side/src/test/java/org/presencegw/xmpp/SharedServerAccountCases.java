package org.presencegw.xmpp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jxmpp.jid.EntityBareJid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.presencegw.xmpp.testing.JulBridge;
import org.presencegw.xmpp.testing.SharedXmppServers;
import org.presencegw.xmpp.testing.XmppServerKind;
import org.presencegw.xmpp.testing.XmppTestServer;

/**
 * Base of the SmackXmppAccount ITs that run each case on each server kind: one shared server per kind for the
 * class, fresh accounts per case. Every case starts with {@link #use}: it picks the server of that kind and
 * creates alice (the account under test) and bob (her contact) there.
 */
abstract class SharedServerAccountCases {
    static final String PW = "pw";
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The test endpoints' presence grace period ({@link XmppPolicy#presenceGrace()}), the default. */
    static final Duration GRACE = XmppPolicy.DEFAULTS.presenceGrace();
    private static final AtomicInteger RUN = new AtomicInteger();
    private static final SharedXmppServers SERVERS = new SharedXmppServers();

    final XmppAccounts accounts = new XmppAccounts();
    final RecordingListener events = new RecordingListener();
    XmppTestServer server;
    String alice;
    String bob;
    EntityBareJid bobJid;

    @BeforeAll
    static void logging() {
        JulBridge.install();
    }

    @AfterAll
    static void stopServers() {
        SERVERS.close();
    }

    @AfterEach
    void closeAccounts() {
        accounts.close();
    }

    void use(XmppServerKind kind) {
        server = SERVERS.get(kind);
        int run = RUN.incrementAndGet();
        alice = "alice" + run;
        bob = "bob" + run;
        server.createAccount(alice, PW);
        bobJid = server.createAccount(bob, PW);
    }

    SmackXmppAccount openAlice() {
        return accounts.open(server.endpoint("gw"), server.credentialsFor(alice, PW), events);
    }

    static List<String> resources(ContactPresence state) {
        return state.resources().stream().map(ResourcePresence::resource).sorted().toList();
    }

    static ResourcePresence resource(ContactPresence state, String name) {
        return state.resources().stream().filter(r -> r.resource().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + name + " in " + state));
    }
}
