package org.presencegw.xmpp;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link XmppAccount} on Smack 4.4's modular connection, a new one per session, with no thread of its own (the
 * shared SmackReactor does the I/O, docs/STACK.md §2). Create it through {@link XmppAccounts#open}.
 *
 * <p>Threads: Smack's callbacks only hand the event to this account's {@link SerialLane}, which changes the state,
 * sends stanzas and calls the {@link XmppAccountListener}, in order, on the shared event executor. Presence is read
 * from the stanzas the server sent (a synchronous stanza listener), not from Smack's roster presence events, which
 * include synthetic unavailable bursts (docs/STACK.md §3), and the roster from {@link RosterFeed}. The parts: {@link
 * ContactTracker} (roster and contact presence), {@link OwnPresenceControl} (our presence and reception), {@link
 * SubscriptionControl} (requests, answers, refusals), {@link ConnectionKeeper} (logins, reconnects, keepalive), {@link
 * SmackCallbacks} (the wiring, including inbound subscription requests left to the user's own client, RFC 6121 3.1.3).
 */
public final class SmackXmppAccount implements XmppAccount {
    private static final Logger LOG = LoggerFactory.getLogger(SmackXmppAccount.class);
    private final EntityBareJid jid;
    private final XmppAccountListener listener;
    private final ModularXmppClientToServerConnectionConfiguration configuration;
    private final AccountsContext shared;
    private final ContactTracker tracker;
    private final SerialLane lane;
    private final ConnectionKeeper keeper;
    private final GraceTimer grace;
    private volatile ModularXmppClientToServerConnection connection;
    private volatile boolean online;
    private volatile boolean closed;
    private final OwnPresenceControl own; // own and subscriptions: confined to the lane
    private final SubscriptionControl subscriptions;

    SmackXmppAccount(XmppEndpoint endpoint, XmppCredentials credentials, XmppAccountListener listener,
                     AccountsContext shared) {
        this.jid = credentials.jid();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.shared = shared;
        this.configuration = SmackConnectionConfigs.modular(endpoint, credentials);
        this.lane = new SerialLane(jid.toString(), shared.events());
        SubscriptionControl[] late = new SubscriptionControl[1];
        this.tracker = new ContactTracker(jid, contact -> late[0].refusal(contact));
        this.subscriptions = new SubscriptionControl(jid, tracker, listener, shared.memory(),
                endpoint.policy().resubscribeQuietPeriod(), shared.clock(), this::send);
        late[0] = subscriptions;
        this.grace = new GraceTimer(jid, endpoint.policy().presenceGrace(), shared.timers(), lane, tracker, listener,
                () -> closed);
        this.own = new OwnPresenceControl(jid, tracker, listener, this::send, grace);
        this.keeper = new ConnectionKeeper(jid, this::newConnection,
                () -> TcpProbe.check(endpoint.host(), endpoint.port()),
                why -> lane.execute(() -> onDisconnected(null, why)), shared, endpoint.reconnectDelay(),
                endpoint.policy().keepalive());
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
        AbstractXMPPConnection c = connection;
        return online && c != null && c.isAuthenticated();
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
    public java.util.List<ContactPresence> roster() {
        return tracker.rosterSnapshot(isOnline());
    }

    @Override
    public void requestSubscription(BareJid contact) {
        Objects.requireNonNull(contact, "contact");
        lane.execute(() -> {
            subscriptions.queue(contact);
            subscriptions.flush(canRequest());
        });
    }

    @Override
    public void setOwnPresence(OwnPresence presence, boolean receive) {
        Objects.requireNonNull(presence, "presence");
        lane.execute(() -> {
            if (!closed) {
                own.set(presence, receive, online);
                subscriptions.flush(canRequest());
            }
        });
    }

    @Override
    public LinkState linkState() {
        boolean connecting = !closed && (isConnected() || keeper.isAttempting());
        return isOnline() ? LinkState.ONLINE : connecting ? LinkState.CONNECTING : LinkState.OFFLINE;
    }

    @Override
    public int rosterSize() {
        return tracker.rosterSize();
    }

    @Override
    public void reconnect() {
        keeper.reconnectNow(); // nothing once closed: the keeper is stopped
    }

    @Override
    public void close() {
        closed = true;
        keeper.stop(); // idempotent
    }

    int connectAttempts() { // connect + login attempts so far (tests)
        return keeper.attempts();
    }

    boolean isRetryScheduled() { // a retry is waiting for its slot (tests)
        return keeper.isRetryScheduled();
    }

    boolean isConnected() {
        AbstractXMPPConnection c = connection;
        return c != null && c.isConnected();
    }

    ModularXmppClientToServerConnection connection() { // the current Smack connection, for tests
        return connection;
    }

    void lost(AbstractXMPPConnection c, String why) { // the session on c ended (Smack said so, or no roster)
        keeper.lost(c, why);
    }

    private AbstractXMPPConnection newConnection() { // a new session's, wired to this account: the current one
        ModularXmppClientToServerConnection c = new ModularXmppClientToServerConnection(configuration);
        ModularTransportTuning.apply(c);
        SmackCallbacks.attach(this, lane, c, shared);
        shared.writes().watch(keeper, jid, c);
        connection = c;
        return c;
    }

    // ---- lane work; c is the session the event belongs to (null: the current one) ----

    private boolean stale(AbstractXMPPConnection c) {
        return closed || (c != null && c != connection);
    }

    void onRosterLoaded(AbstractXMPPConnection c, Map<BareJid, RosterItem> items) {
        if (stale(c) || !c.isAuthenticated()) {
            return;
        }
        Map<BareJid, RosterItem> before = new HashMap<>();
        items.keySet().forEach(contact -> before.put(contact, tracker.rosterItem(contact)));
        ContactTracker.RosterDiff diff = tracker.replaceRoster(items);
        subscriptions.newSession();
        boolean wasOnline = online;
        online = true;
        if (!wasOnline) {
            LOG.info("{}: online, {} roster items", jid, items.size());
            listener.connectionChanged(jid, true);
        }
        diff.removed().forEach(subscriptions::onRemoved);
        for (ContactPresence state : diff.changed()) {
            listener.contactChanged(jid, state);
            subscriptions.onRosterItem(state.contact(), before.get(state.contact()), items.get(state.contact()));
        }
        if (!wasOnline) {
            own.afterLogin();
        }
        subscriptions.flush(canRequest());
    }

    void onDisconnected(AbstractXMPPConnection c, String why) {
        if (c != null && c != connection) {
            return;
        }
        boolean wasReceiving = tracker.isReceiving();
        tracker.stopReceiving();
        own.linkDown();
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

    /** A roster push: the contact's item now, empty when it was removed. */
    void onRosterPush(AbstractXMPPConnection c, BareJid contact, Optional<RosterItem> now) {
        if (stale(c) || !online) {
            return; // a push before the roster's answer: the answer, later in the stream, has the change
        }
        RosterItem old = tracker.rosterItem(contact);
        if (now.isEmpty()) {
            if (tracker.onRosterRemoved(contact)) {
                subscriptions.onRemoved(contact, old);
            }
            return;
        }
        RosterItem item = now.get();
        tracker.onRosterItem(contact, item).ifPresent(state -> {
            listener.contactChanged(jid, state);
            subscriptions.onRosterItem(contact, old, item);
            if (item.subscription().seesContact() && !old.subscription().seesContact() && tracker.isReceiving()) {
                grace.schedule(tracker.epoch(), Optional.of(contact));
            }
        });
        subscriptions.flush(canRequest());
    }

    void onPresence(AbstractXMPPConnection c, Presence presence, Instant receivedAt) {
        if (stale(c) || presence.getFrom() == null) {
            return;
        }
        Jid from = presence.getFrom();
        BareJid contact = from.asBareJid();
        switch (presence.getType()) {
            case available, unavailable -> {
                boolean appeared = presence.getType() == Presence.Type.available
                        && !tracker.hasResource(contact, from.getResourceOrEmpty().toString());
                tracker.onPresence(presence, receivedAt).ifPresent(state -> listener.contactChanged(jid, state));
                if (appeared) {
                    own.contactCameOnline(contact);
                }
            }
            case subscribed -> subscriptions.onSubscribed(contact);
            case unsubscribed -> subscriptions.onUnsubscribed(contact);
            case error -> {
                if (!contact.equals(jid)) {
                    subscriptions.onError(contact, PresenceError.of(presence.getError()));
                }
            }
            // subscribe: left for the user's own client (RFC 6121 3.1.3); probe, unsubscribe: no state change
            default -> LOG.debug("{}: ignored presence type {} from {}", jid, presence.getType(), contact);
        }
    }

    private boolean canRequest() {
        return !closed && online && tracker.isReceiving();
    }

    private boolean send(Presence presence) {
        return PresenceSend.send(connection, jid, presence);
    }
}
