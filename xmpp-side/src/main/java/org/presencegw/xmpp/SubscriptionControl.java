package org.presencegw.xmpp;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's outgoing presence subscriptions (RFC 6121 3): the requests the gateway makes in the user's name,
 * their answers, and the refusals it remembers. Confined to the account's lane.
 * <ul>
 * <li>A request (RFC 6121 3.1.1) goes out only while the account is online <em>and</em> its own presence is
 * available: ejabberd 23.01 delivers the answer only to such sessions (docs/notes/ejabberd.md). At most once per
 * contact per session, never when the roster shows it granted ({@code to}/{@code both}) or pending ({@code ask}),
 * unless the last one came back as {@code type='error'}.</li>
 * <li>An answer is the {@code subscribed}/{@code unsubscribed} stanza (RFC 6121 3.1.5, 3.1.6) or the roster push
 * that clears {@code ask}, whichever comes first.</li>
 * <li>A denial, a revocation ({@code unsubscribed} later, RFC 6121 3.2) and a subscription the roster lost
 * otherwise (the user's own client unsubscribed or removed the item, RFC 6121 3.3, 2.5) are remembered in the
 * {@link SubscriptionMemory}: for the quiet period no request goes to that contact (RFC 6121 3.1.4: asking again is
 * the user's decision). A grant, or the user's own client asking again, forgets it.</li>
 * </ul>
 */
final class SubscriptionControl {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionControl.class);

    private final EntityBareJid jid;
    private final ContactTracker tracker;
    private final XmppAccountListener listener;
    private final SubscriptionMemory memory;
    private final Duration quietPeriod;
    private final Clock clock;
    private final Wire wire;
    private final Set<BareJid> queued = new LinkedHashSet<>();
    private final Set<BareJid> sent = new HashSet<>();
    private final Set<BareJid> failed = new HashSet<>();

    SubscriptionControl(EntityBareJid jid, ContactTracker tracker, XmppAccountListener listener,
                        SubscriptionMemory memory, Duration quietPeriod, Clock clock, Wire wire) {
        this.jid = jid;
        this.tracker = tracker;
        this.listener = listener;
        this.memory = memory;
        this.quietPeriod = quietPeriod;
        this.clock = clock;
        this.wire = wire;
    }

    /** The remembered refusal of the contact, if its quiet period has not ended. Thread-safe. */
    Optional<Refusal> refusal(BareJid contact) {
        return memory.recall(jid, contact, clock.instant())
                .map(e -> new Refusal(e.kind(), e.at(), e.at().plus(quietPeriod)));
    }

    void queue(BareJid contact) {
        queued.add(contact);
    }

    /** A new session: the roster now tells what is pending, so what the last one sent is forgotten. */
    void newSession() {
        sent.clear();
    }

    /** Sends every queued request that is still needed, when {@code canSend} (online and available). */
    void flush(boolean canSend) {
        if (!canSend) {
            return;
        }
        for (BareJid contact : Set.copyOf(queued)) {
            queued.remove(contact);
            RosterItem item = tracker.rosterItem(contact);
            boolean retry = failed.contains(contact);
            if (item.subscription().seesContact() || (!retry && (item.pending() || sent.contains(contact)))
                    || refusal(contact).isPresent()) {
                continue;
            }
            Presence subscribe = StanzaBuilder.buildPresence().ofType(Presence.Type.subscribe).to(contact).build();
            if (wire.send(subscribe)) {
                sent.add(contact);
                failed.remove(contact);
                LOG.info("{}: asked {} for a presence subscription", jid, contact);
            } else {
                queued.add(contact);
            }
        }
    }

    void onSubscribed(BareJid contact) {
        sent.remove(contact);
        memory.forget(jid, contact);
        listener.subscriptionAnswered(jid, contact, true);
    }

    /** {@code unsubscribed}: a denial of our request or the revocation of a granted subscription (RFC 6121 3.2). */
    void onUnsubscribed(BareJid contact) {
        RosterItem item = tracker.rosterItem(contact);
        boolean ours = item.pending() || item.subscription().seesContact() || sent.remove(contact)
                || refusal(contact).filter(r -> r.kind() == SubscriptionMemory.Kind.DROPPED).isPresent();
        tracker.onUnsubscribed(contact).ifPresent(state -> listener.contactChanged(jid, state));
        if (ours) {
            remember(contact, SubscriptionMemory.Kind.DENIED);
        }
        listener.subscriptionAnswered(jid, contact, false);
    }

    /** A roster push (or a reloaded roster) changed the item from {@code old} to {@code now}. */
    void onRosterItem(BareJid contact, RosterItem old, RosterItem now) {
        if (now.subscription().seesContact()) {
            memory.forget(jid, contact);
            if (old.pending() && !now.pending()) {
                sent.remove(contact);
                listener.subscriptionAnswered(jid, contact, true);
            }
            return;
        }
        if (old.pending() && !now.pending()) {
            sent.remove(contact);
            remember(contact, SubscriptionMemory.Kind.DENIED);
            listener.subscriptionAnswered(jid, contact, false);
        } else if (old.subscription().seesContact()) {
            rememberIfAbsent(contact);
            listener.subscriptionAnswered(jid, contact, false);
        } else if (now.pending() && !old.pending() && !sent.contains(contact)) {
            memory.forget(jid, contact); // the user's own client asked again
        }
    }

    /** The roster item is gone (RFC 6121 2.5): the user's own client or an admin removed it. */
    void onRemoved(BareJid contact, RosterItem old) {
        sent.remove(contact);
        if (old.pending() || old.subscription().seesContact()) {
            rememberIfAbsent(contact);
        }
        listener.contactRemoved(jid, contact);
    }

    /** {@code type='error'} from the contact (RFC 6120 8.3): the next request goes out again. */
    void onError(BareJid contact, PresenceError error) {
        LOG.info("{}: presence error from {}: {}", jid, contact, error);
        sent.remove(contact);
        failed.add(contact);
        listener.presenceError(jid, contact, error);
    }

    private void remember(BareJid contact, SubscriptionMemory.Kind kind) {
        memory.remember(new SubscriptionMemory.Entry(jid, contact, kind, clock.instant()));
        LOG.info("{}: subscription to {} ended ({}); no new request before the quiet period ends", jid, contact,
                kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    private void rememberIfAbsent(BareJid contact) {
        if (refusal(contact).isEmpty()) {
            remember(contact, SubscriptionMemory.Kind.DROPPED);
        }
    }
}
