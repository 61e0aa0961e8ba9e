package org.presencegw.xmpp;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link XmppAccount} on one Smack TCP connection. Create it through {@link XmppAccounts#open}.
 *
 * <p>Threads: Smack's callbacks only classify the event and hand it to this account's {@link SerialLane}, which
 * changes the state, sends stanzas and calls the {@link XmppAccountListener}, in order. Presence is read from the
 * stanzas the server sent, not from Smack's roster presence events, which include synthetic unavailable bursts on
 * our own unavailable and on disconnect (docs/STACK.md). Inbound subscription requests are left unanswered
 * (RFC 6121 3.1.3: they are for the user's own client): manual mode with a listener that gives no answer.
 */
public final class SmackXmppAccount implements XmppAccount {
    private static final Logger LOG = LoggerFactory.getLogger(SmackXmppAccount.class);

    private final EntityBareJid jid;
    private final XmppAccountListener listener;
    private final XMPPTCPConnection connection;
    private final Roster roster;
    private final ContactTracker tracker;
    private final SerialLane lane;
    private final ConnectionKeeper keeper;
    private volatile boolean online;
    private volatile boolean closed;

    // Confined to the lane:
    private OwnPresence ownPresence = OwnPresence.UNAVAILABLE;
    private final SubscriptionRequests requests = new SubscriptionRequests();

    SmackXmppAccount(XmppEndpoint endpoint, XmppCredentials credentials, XmppAccountListener listener,
                     Executor events, Executor connector, ScheduledExecutorService timers, Clock clock) {
        this.jid = credentials.jid();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.connection = new XMPPTCPConnection(SmackConnectionConfigs.build(endpoint, credentials));
        this.roster = Roster.getInstanceFor(connection);
        this.tracker = new ContactTracker(jid);
        this.lane = new SerialLane(jid.toString(), events);
        this.keeper = new ConnectionKeeper(jid, connection, connector, timers, endpoint.reconnectDelay());
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        roster.addSubscribeListener((from, request) -> null);
        SmackCallbacks callbacks = new SmackCallbacks(this, lane);
        roster.addRosterLoadedListener(callbacks);
        roster.addRosterListener(callbacks);
        connection.addConnectionListener(callbacks);
        connection.addSyncStanzaListener(stanza -> {
            Instant now = clock.instant();
            lane.execute(() -> onPresence((Presence) stanza, now));
        }, StanzaTypeFilter.PRESENCE);
        connection.setParsingExceptionCallback(unparsable -> LOG.warn("{}: dropped a stanza Smack cannot parse: {}",
                jid, unparsable.getParsingException().toString()));
    }

    void start() {
        keeper.start();
    }

    @Override
    public EntityBareJid jid() {
        return jid;
    }

    @Override
    public boolean isOnline() {
        return online && connection.isAuthenticated();
    }

    @Override
    public boolean receivesPresence() {
        return isOnline() && tracker.isReceiving();
    }

    @Override
    public boolean isPresenceKnown(BareJid contact) {
        return isOnline() && tracker.isKnown(contact);
    }

    @Override
    public ContactPresence contact(BareJid contact) {
        ContactPresence state = tracker.snapshot(contact);
        return isOnline() ? state : state.withKnowledge(PresenceKnowledge.LINK_DOWN);
    }

    @Override
    public void requestSubscription(BareJid contact) {
        Objects.requireNonNull(contact, "contact");
        lane.execute(() -> {
            requests.queue(contact);
            flushSubscriptionRequests();
        });
    }

    @Override
    public void setOwnPresence(OwnPresence presence) {
        Objects.requireNonNull(presence, "presence");
        lane.execute(() -> applyOwnPresence(presence, false));
    }

    @Override
    public LinkState linkState() {
        boolean connecting = !closed && connection.isConnected();
        return isOnline() ? LinkState.ONLINE : connecting ? LinkState.CONNECTING : LinkState.OFFLINE;
    }

    @Override
    public int rosterSize() {
        return tracker.rosterSize();
    }

    @Override
    public void reconnect() {
        keeper.reconnectNow();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        keeper.stop();
    }

    /** First-connect attempts so far (monitoring, tests). */
    int connectAttempts() {
        return keeper.attempts();
    }

    /** True while a first-connect retry is waiting on the scheduler. */
    boolean isRetryScheduled() {
        return keeper.isRetryScheduled();
    }

    boolean isConnected() {
        return connection.isConnected();
    }

    /** The Smack connection, for tests that must break it on purpose. */
    XMPPTCPConnection connection() {
        return connection;
    }

    void logConnectionLost(String why) {
        keeper.logConnectionLost(why);
    }

    // ---- lane work ----

    void onRosterLoaded() {
        if (closed || !connection.isAuthenticated()) {
            return;
        }
        Map<BareJid, RosterItem> items = new HashMap<>();
        for (RosterEntry entry : roster.getEntries()) {
            RosterEntries.item(entry).ifPresent(item -> items.put(entry.getJid(), item));
        }
        ContactTracker.RosterDiff diff = tracker.replaceRoster(items);
        requests.newSession();
        boolean wasOnline = online;
        online = true;
        if (!wasOnline) {
            LOG.info("{}: online, {} roster items", jid, items.size());
            listener.connectionChanged(jid, true);
        }
        diff.removed().forEach(contact -> listener.contactRemoved(jid, contact));
        diff.changed().forEach(state -> listener.contactChanged(jid, state));
        if (!wasOnline) {
            applyOwnPresence(ownPresence, true);
        }
        flushSubscriptionRequests();
    }

    void onDisconnected(String why) {
        boolean wasReceiving = tracker.isReceiving();
        tracker.stopReceiving();
        if (wasReceiving && !closed) {
            listener.presenceReceptionChanged(jid, false);
        }
        if (online) {
            online = false;
            LOG.info("{}: offline ({})", jid, why);
            if (!closed) {
                listener.connectionChanged(jid, false);
            }
        }
    }

    void onRosterChanged(Collection<Jid> addresses) {
        if (closed || !online) {
            return; // a roster being (re)loaded: onRosterLoaded compares the whole roster
        }
        for (Jid address : addresses) {
            BareJid contact = address.asBareJid();
            RosterEntry entry = roster.getEntry(contact);
            if (entry == null) {
                continue;
            }
            RosterEntries.item(entry).ifPresent(item ->
                    tracker.onRosterItem(contact, item).ifPresent(state -> listener.contactChanged(jid, state)));
        }
    }

    void onRosterDeleted(Collection<Jid> addresses) {
        if (closed || !online) {
            return;
        }
        for (Jid address : addresses) {
            BareJid contact = address.asBareJid();
            if (tracker.onRosterRemoved(contact)) {
                listener.contactRemoved(jid, contact);
            }
        }
    }

    private void onPresence(Presence presence, Instant receivedAt) {
        if (closed || presence.getFrom() == null) {
            return;
        }
        BareJid from = presence.getFrom().asBareJid();
        switch (presence.getType()) {
            case available, unavailable -> tracker.onPresence(presence, receivedAt)
                    .ifPresent(state -> listener.contactChanged(jid, state));
            case subscribed -> {
                requests.answered(from);
                listener.subscriptionAnswered(jid, from, true);
            }
            case unsubscribed -> {
                requests.answered(from);
                tracker.onUnsubscribed(from).ifPresent(state -> listener.contactChanged(jid, state));
                listener.subscriptionAnswered(jid, from, false);
            }
            // subscribe: left for the user's own client (RFC 6121 3.1.3); probe, error, unsubscribe: no state change
            default -> LOG.debug("{}: ignored presence type {} from {}", jid, presence.getType(), from);
        }
    }

    /** Sends our presence if it changed, or unconditionally after a login ({@code afterLogin}). */
    private void applyOwnPresence(OwnPresence presence, boolean afterLogin) {
        if (closed) {
            return;
        }
        boolean changed = !presence.equals(ownPresence);
        ownPresence = presence;
        if (!online || (!changed && !afterLogin)) {
            return;
        }
        if (presence.available()) {
            if (!tracker.isReceiving()) {
                tracker.startReceiving();
                listener.presenceReceptionChanged(jid, true);
            }
            OwnPresenceStanzas.send(connection, OwnPresenceStanzas.of(presence));
        } else if (tracker.isReceiving()) {
            tracker.stopReceiving();
            listener.presenceReceptionChanged(jid, false);
            OwnPresenceStanzas.send(connection, OwnPresenceStanzas.of(presence));
        }
        // Unavailable right after login: nothing to send, the server has not seen us available (RFC 6121 4.2).
    }

    private void flushSubscriptionRequests() {
        if (closed || !online) {
            return;
        }
        requests.flush(tracker, contact -> {
            try {
                roster.sendSubscriptionRequest(contact);
                LOG.info("{}: asked {} for a presence subscription", jid, contact);
                return true;
            } catch (SmackException.NotLoggedInException | SmackException.NotConnectedException e) {
                return false; // sent after the next login
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
