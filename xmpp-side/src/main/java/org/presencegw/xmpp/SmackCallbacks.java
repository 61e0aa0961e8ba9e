package org.presencegw.xmpp;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smack's callbacks for one connection (one session) of a {@link SmackXmppAccount}: each only classifies the event
 * and hands it to the account's lane, tagged with the connection, so that a late event of an old session is
 * ignored (never block or change state on a Smack thread). Presence comes from the account's stanza listener, as
 * the server sent it (Smack's roster presence events include synthetic unavailable bursts, docs/STACK.md §3), and
 * the roster from {@link RosterFeed}.
 */
final class SmackCallbacks implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SmackCallbacks.class);

    private final SmackXmppAccount account;
    private final SerialLane lane;
    /**
     * Only the connection itself holds these callbacks (its listener set): no static map of Smack's keeps them, so
     * this reference does not keep an ended session alive. (With Smack's {@code Roster}, the value of a static
     * {@code WeakHashMap<XMPPConnection, Roster>}, it did: 16 MiB per 1,000 reconnects.)
     */
    private final AbstractXMPPConnection connection;
    private final ScheduledExecutorService timers;

    private SmackCallbacks(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection connection,
                           ScheduledExecutorService timers) {
        this.account = account;
        this.lane = lane;
        this.connection = connection;
        this.timers = timers;
    }

    /**
     * Wires a new connection to the account: the roster feed (no Smack {@code Roster}, so no subscription request
     * is ever answered in the user's name: RFC 6121 3.1.3 leaves them to the user's own client), these callbacks,
     * the presence stanza listener and the parsing-failure log line.
     */
    static void attach(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection c, AccountsContext shared) {
        Clock clock = shared.clock();
        SmackCallbacks callbacks = new SmackCallbacks(account, lane, c, shared.timers());
        RosterFeed.attach(account, lane, c);
        c.addConnectionListener(callbacks);
        c.addSyncStanzaListener(stanza -> {
            Instant now = clock.instant();
            lane.execute(() -> account.onPresence(c, (Presence) stanza, now));
        }, StanzaTypeFilter.PRESENCE);
        c.setParsingExceptionCallback(unparsable -> LOG.warn("{}: dropped a stanza Smack cannot parse: {}",
                account.jid(), unparsable.getParsingException().toString()));
    }

    @Override
    public void authenticated(XMPPConnection c, boolean resumed) {
        LOG.debug("{}: authenticated (resumed={}), waiting for the roster", account.jid(), resumed);
        if (!resumed) { // a resumed stream keeps its roster
            RosterFeed.fetch(account, lane, connection, timers);
        }
    }

    @Override
    public void connectionClosed() {
        lane.execute(() -> account.onDisconnected(connection, "closed"));
    }

    @Override
    public void connectionClosedOnError(Exception e) {
        account.lost(connection, SmackErrors.describe(e));
    }
}
