package org.presencegw.sip.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.WatchResult;
import org.presencegw.sip.event.EventPackage;
import org.presencegw.sip.event.EventPackages;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SubscriptionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions taken up from the store at start-up, in two steps. {@link #take} rebuilds each live row (same
 * dialog, tags, route set, state, expiry) and attaches it to its view again through its presence source (which
 * answers at once, as for a new SUBSCRIBE); it returns the writes that must commit before any NOTIFY goes out: new
 * CSeq reservations, and removals of rows that lapsed while the gateway was down or can no longer be served. After
 * the stack is up, {@link #resume} gives each subscription its source's current state: a NOTIFY goes out at once
 * when that state is known (registrar domains), or when the source learns it (a Jabber account back online); an
 * unknown state sends nothing, so watchers see no empty NOTIFY at start-up.
 */
final class RestoredSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(RestoredSubscriptions.class);

    private record Taken(Subscription subscription, PresenceState current) {
    }

    private final List<Taken> taken = new ArrayList<>();
    private final List<SipChange> writes = new ArrayList<>();
    private long seq;

    /** Rebuilds the live rows into {@code registry}; see the class comment. */
    List<SipChange> take(List<SubscriptionRow> rows, Map<String, PresenceSource> domains, EventPackages packages,
                         SubscriptionRegistry registry, NotifySender sender, long seq, Instant now) {
        this.seq = seq;
        int lapsed = 0;
        for (SubscriptionRow row : rows) {
            if (row.expiresAt() <= now.toEpochMilli()) {
                lapsed++;
                writes.add(new SipChange.RemoveSubscription(row.key()));
                continue;
            }
            Optional<Taken> t = attach(row, domains, packages, seq);
            if (t.isEmpty() || !registry.add(t.get().subscription())) {
                writes.add(new SipChange.RemoveSubscription(row.key()));
                continue;
            }
            Subscription s = t.get().subscription();
            sender.route(s, s.dialog().flow());
            writes.add(s.reserveAndPut());
            taken.add(t.get());
        }
        if (!rows.isEmpty()) {
            LOG.info("restored {} subscription(s); {} had lapsed, {} could not be served any more", taken.size(),
                    lapsed, rows.size() - taken.size() - lapsed);
        }
        return writes;
    }

    private static Optional<Taken> attach(SubscriptionRow row, Map<String, PresenceSource> domains,
                                          EventPackages packages, long seq) {
        try {
            Optional<EventPackage> pkg = packages.find(row.eventPackage());
            SipAddress watcher = SipAddress.parse(row.watcher());
            SipAddress presentity = SipAddress.parse(row.presentity());
            PresenceSource source = domains.get(presentity.host().toLowerCase(Locale.ROOT));
            if (pkg.isEmpty() || source == null) {
                LOG.info("[{}] stored subscription to {} ({}) is no longer served", row.callId(), row.presentity(),
                        row.eventPackage());
                return Optional.empty();
            }
            WatchResult result = source.watch(watcher, presentity);
            if (result instanceof WatchResult.Refused refused) {
                LOG.info("[{}] stored subscription of {} to {} refused now: {} {}", row.callId(), watcher,
                        presentity, refused.status(), refused.reason());
                return Optional.empty();
            }
            WatchResult.Accepted accepted = (WatchResult.Accepted) result;
            // One below the current fan-out number: resume() applies the watch's state as number seq, unless a newer
            // fan-out got there first (a source that learnt something while the stack was starting).
            Subscription s = Subscription.restore(row, accepted.view(), source, pkg.get(), seq - 1);
            return Optional.of(new Taken(s, accepted.current()));
        } catch (IllegalArgumentException e) {
            LOG.warn("[{}] stored subscription dropped: {}", row.callId(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Gives every restored subscription its source's state as of the restore (see the class comment), unless a
     * newer fan-out already reached it.
     */
    void resume(SubscriptionLifecycle lifecycle) {
        for (Taken t : taken) {
            // Asked again: a change published between the watch and the registration was fanned out without it.
            Subscription s = t.subscription();
            PresenceState now = s.source().current(s.view()).orElse(t.current());
            if (!(now instanceof PresenceState.Unknown)) {
                lifecycle.sourceChanged(s, now, seq, Bodies.DIRECT);
            }
        }
        taken.clear();
    }
}
