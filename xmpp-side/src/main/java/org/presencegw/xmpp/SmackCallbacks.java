package org.presencegw.xmpp;

import java.util.Collection;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.RosterLoadedListener;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Smack's callbacks for one {@link SmackXmppAccount}: each only classifies the event and hands it to the account's
 * lane (never block or change state on a Smack thread). Presence itself comes from the account's stanza
 * listener, not from {@link RosterListener#presenceChanged}, which includes Smack's synthetic unavailable bursts
 * (docs/STACK.md).
 */
final class SmackCallbacks implements RosterLoadedListener, RosterListener, ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SmackCallbacks.class);

    private final SmackXmppAccount account;
    private final SerialLane lane;

    SmackCallbacks(SmackXmppAccount account, SerialLane lane) {
        this.account = account;
        this.lane = lane;
    }

    @Override
    public void onRosterLoaded(Roster loaded) {
        lane.execute(account::onRosterLoaded);
    }

    @Override
    public void onRosterLoadingFailed(Exception e) {
        LOG.warn("{}: roster could not be loaded: {}", account.jid(), e.toString());
    }

    @Override
    public void entriesAdded(Collection<Jid> addresses) {
        lane.execute(() -> account.onRosterChanged(addresses));
    }

    @Override
    public void entriesUpdated(Collection<Jid> addresses) {
        lane.execute(() -> account.onRosterChanged(addresses));
    }

    @Override
    public void entriesDeleted(Collection<Jid> addresses) {
        lane.execute(() -> account.onRosterDeleted(addresses));
    }

    @Override
    public void presenceChanged(Presence presence) {
        // Deliberately unused: presence comes from the stanza listener (synthetic bursts, docs/STACK.md).
    }

    @Override
    public void authenticated(XMPPConnection c, boolean resumed) {
        LOG.debug("{}: authenticated (resumed={}), waiting for the roster", account.jid(), resumed);
    }

    @Override
    public void connectionClosed() {
        lane.execute(() -> account.onDisconnected("closed"));
    }

    @Override
    public void connectionClosedOnError(Exception e) {
        String why = FirstConnect.describe(e);
        account.logConnectionLost(why);
        lane.execute(() -> account.onDisconnected(why));
    }
}
