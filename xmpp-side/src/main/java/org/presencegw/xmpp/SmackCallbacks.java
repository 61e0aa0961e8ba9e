package org.presencegw.xmpp;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.RosterLoadedListener;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smack's callbacks for one connection (one session) of a {@link SmackXmppAccount}: each only classifies the event
 * and hands it to the account's lane, tagged with the connection, so that a late event of an old session is
 * ignored (never block or change state on a Smack thread). Presence itself comes from the account's stanza
 * listener, not from {@link RosterListener#presenceChanged}, which includes Smack's synthetic unavailable bursts
 * (docs/STACK.md §3).
 */
final class SmackCallbacks implements RosterLoadedListener, RosterListener, ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SmackCallbacks.class);

    private final SmackXmppAccount account;
    private final SerialLane lane;
    /**
     * Weak: these callbacks sit in the connection's {@code Roster}, the value of Smack's static
     * {@code WeakHashMap<XMPPConnection, Roster>}; a strong reference back to the key would keep every ended
     * session's connection alive (16 MiB per 1,000 reconnects, found with JFR's OldObjectSample).
     */
    private final WeakReference<AbstractXMPPConnection> connection;

    private SmackCallbacks(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection connection) {
        this.account = account;
        this.lane = lane;
        this.connection = new WeakReference<>(connection);
    }

    /** Runs the lane work for this session's connection, unless it is gone (a late event of an ended session). */
    private void onLane(java.util.function.Consumer<AbstractXMPPConnection> work) {
        AbstractXMPPConnection c = connection.get();
        if (c != null) {
            lane.execute(() -> work.accept(c));
        }
    }

    /**
     * Wires a new connection to the account: the roster in manual mode with a subscribe listener that gives no
     * answer (RFC 6121 3.1.3: requests are for the user's own client; Smack's default {@code reject_all} would deny
     * them in the user's name), these callbacks, the presence stanza listener and the parsing-failure log line.
     */
    static void attach(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection c, Clock clock) {
        Roster roster = Roster.getInstanceFor(c);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((from, request) -> null);
        SmackCallbacks callbacks = new SmackCallbacks(account, lane, c);
        roster.addRosterLoadedListener(callbacks);
        roster.addRosterListener(callbacks);
        c.addConnectionListener(callbacks);
        c.addSyncStanzaListener(stanza -> {
            Instant now = clock.instant();
            lane.execute(() -> account.onPresence(c, (Presence) stanza, now));
        }, StanzaTypeFilter.PRESENCE);
        c.setParsingExceptionCallback(unparsable -> LOG.warn("{}: dropped a stanza Smack cannot parse: {}",
                account.jid(), unparsable.getParsingException().toString()));
    }

    @Override
    public void onRosterLoaded(Roster loaded) {
        onLane(account::onRosterLoaded);
    }

    /** Without a roster the session is useless (it never goes online): end it, the keeper logs in again. */
    @Override
    public void onRosterLoadingFailed(Exception e) {
        AbstractXMPPConnection c = connection.get();
        if (c != null) {
            account.lost(c, "roster not loaded: " + SmackErrors.describe(e));
        }
    }

    @Override
    public void entriesAdded(Collection<Jid> addresses) {
        onLane(c -> account.onRosterChanged(c, addresses));
    }

    @Override
    public void entriesUpdated(Collection<Jid> addresses) {
        onLane(c -> account.onRosterChanged(c, addresses));
    }

    @Override
    public void entriesDeleted(Collection<Jid> addresses) {
        onLane(c -> account.onRosterDeleted(c, addresses));
    }

    @Override
    public void presenceChanged(Presence presence) {
        // Deliberately unused: presence comes from the stanza listener (synthetic bursts, docs/STACK.md §3).
    }

    @Override
    public void authenticated(XMPPConnection c, boolean resumed) {
        LOG.debug("{}: authenticated (resumed={}), waiting for the roster", account.jid(), resumed);
    }

    @Override
    public void connectionClosed() {
        onLane(c -> account.onDisconnected(c, "closed"));
    }

    @Override
    public void connectionClosedOnError(Exception e) {
        AbstractXMPPConnection c = connection.get();
        if (c != null) {
            account.lost(c, SmackErrors.describe(e));
        }
    }
}
