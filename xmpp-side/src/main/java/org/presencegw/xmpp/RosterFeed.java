package org.presencegw.xmpp;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.StanzaListener;
import org.jivesoftware.smack.filter.IQReplyFilter;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roster of one session, fetched and followed by the account itself (RFC 6121 2.1.3 and 2.1.6) instead of
 * Smack's {@code Roster}, which is switched off for the whole JVM by {@link #disableSmackRoster()}: the account
 * only needs each item's subscription, ask flag and groups, while Smack's class keeps a copy of every contact's
 * presence and merges a loaded roster with a {@code Set.removeAll(List)} that is quadratic in its size (about a
 * quarter of the gateway's Java CPU in a cold start with the bridge's 10,000 items, bench/FINDINGS.md).
 *
 * <p>The answer to the roster request and every roster push go through Smack's ordered delivery (a synchronous
 * stanza listener and a synchronous IQ request handler) onto the account's lane, so they reach it in stream order,
 * with the presence stanzas around them.
 */
final class RosterFeed {
    private static final Logger LOG = LoggerFactory.getLogger(RosterFeed.class);
    /** Smack's roster manager: a startup class of smack-im that attaches itself to every new connection. */
    static final String SMACK_ROSTER = "org.jivesoftware.smack.roster.Roster";

    private RosterFeed() {
    }

    /**
     * Keeps Smack from creating its {@code Roster} for each connection. Works when called before Smack initialises
     * (the accounts' constructor does it first); a JVM that had already loaded the class (a test with Smack clients
     * of its own) keeps Smack's manager beside ours, which then only fetches the roster a second time.
     */
    static void disableSmackRoster() {
        SmackConfiguration.addDisabledSmackClass(SMACK_ROSTER);
    }

    /** Installs the roster-push handler on a new connection (before it connects). */
    static void attach(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection c) {
        c.registerIQRequestHandler(new PushHandler(account, lane, c));
    }

    /**
     * Asks for the roster after a login; its items reach {@link SmackXmppAccount#onRosterLoaded} on the lane. No
     * answer within the connection's reply timeout, an error or a failed send end the session ({@link
     * SmackXmppAccount#lost}): without a roster it never goes online, and the keeper logs in again.
     */
    static void fetch(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection c,
                      ScheduledExecutorService timers) {
        RosterPacket get = new RosterPacket(); // type get, no 'ver': the whole roster
        AtomicBoolean done = new AtomicBoolean();
        StanzaListener[] answer = new StanzaListener[1];
        long timeoutMs = c.getReplyTimeout();
        ScheduledFuture<?> timeout = timers.schedule(() -> {
            if (done.compareAndSet(false, true)) {
                c.removeSyncStanzaListener(answer[0]);
                account.lost(c, "roster not loaded: no answer within " + timeoutMs + " ms");
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        answer[0] = stanza -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel(false);
            c.removeSyncStanzaListener(answer[0]);
            IQ iq = (IQ) stanza;
            if (iq.getType() == IQ.Type.result) {
                // A result without <query/> is what a server sends for an unchanged versioned roster; we never
                // send a version, so it can only be an empty roster from a lax server.
                Map<BareJid, RosterItem> items = iq instanceof RosterPacket roster ? items(roster) : Map.of();
                lane.execute(() -> account.onRosterLoaded(c, items));
            } else {
                StanzaError error = iq.getError();
                account.lost(c, "roster not loaded: " + (error == null ? "error" : error.getCondition()));
            }
        };
        c.addSyncStanzaListener(answer[0], new IQReplyFilter(get, c));
        try {
            c.sendStanza(get);
        } catch (SmackException.NotConnectedException e) {
            if (done.compareAndSet(false, true)) {
                timeout.cancel(false);
                c.removeSyncStanzaListener(answer[0]);
                account.lost(c, "roster not loaded: " + SmackErrors.describe(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The items of a roster result, removed ones left out. */
    static Map<BareJid, RosterItem> items(RosterPacket roster) {
        Map<BareJid, RosterItem> items = new HashMap<>();
        for (RosterPacket.Item item : roster.getRosterItems()) {
            RosterEntries.item(item).ifPresent(i -> items.put(item.getJid(), i));
        }
        return items;
    }

    /** Roster pushes (RFC 6121 2.1.6): from our own account only, exactly one item each. */
    private static final class PushHandler extends AbstractIqRequestHandler {
        private final SmackXmppAccount account;
        private final SerialLane lane;
        private final AbstractXMPPConnection c;

        PushHandler(SmackXmppAccount account, SerialLane lane, AbstractXMPPConnection c) {
            super(RosterPacket.ELEMENT, RosterPacket.NAMESPACE, IQ.Type.set, IQRequestHandler.Mode.sync);
            this.account = account;
            this.lane = lane;
            this.c = c;
        }

        @Override
        public IQ handleIQRequest(IQ request) {
            Jid from = request.getFrom();
            EntityFullJid me = c.getUser();
            if (from != null && (me == null || !(from.equals(me.asBareJid()) || from.equals(me)))) {
                // a push from anyone else could be a forged roster change: ignored, answered as if there were no
                // such service (an IQ set always gets an answer, RFC 6120 8.2.3)
                LOG.debug("{}: ignored a roster push from {}", account.jid(), from);
                return IQ.createErrorResponse(request, StanzaError.Condition.service_unavailable);
            }
            RosterPacket push = (RosterPacket) request;
            if (push.getRosterItemCount() != 1) {
                return IQ.createErrorResponse(request, StanzaError.Condition.bad_request);
            }
            RosterPacket.Item item = push.getRosterItems().get(0);
            BareJid contact = item.getJid();
            Optional<RosterItem> now = RosterEntries.item(item);
            lane.execute(() -> account.onRosterPush(c, contact, now));
            return IQ.createResultIQ(request);
        }
    }
}
