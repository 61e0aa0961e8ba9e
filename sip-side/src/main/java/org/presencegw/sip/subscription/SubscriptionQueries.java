package org.presencegw.sip.subscription;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.presencegw.sip.api.SubscriptionInfo;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.store.SubscriptionKey;

/**
 * The operators' view of the live subscriptions (the gateway's admin API and metrics): read-only snapshots, counts,
 * and one action, ending a subscription with a final NOTIFY. Reading takes each subscription's monitor briefly,
 * one at a time, so it never holds up the SIP side for long. Thread-safe.
 */
public final class SubscriptionQueries {

    private final SubscriptionRegistry registry;
    private final SubscriptionLifecycle lifecycle;

    SubscriptionQueries(SubscriptionRegistry registry, SubscriptionLifecycle lifecycle) {
        this.registry = registry;
        this.lifecycle = lifecycle;
    }

    /** Every live subscription, ordered by watcher, presentity and Call-ID. */
    public List<SubscriptionInfo> list() {
        List<SubscriptionInfo> out = new ArrayList<>();
        for (Subscription s : registry.live()) {
            out.add(describe(s));
        }
        out.sort(Comparator.comparing(SubscriptionInfo::watcher).thenComparing(SubscriptionInfo::presentity)
                .thenComparing(SubscriptionInfo::callId));
        return out;
    }

    /** Live subscriptions per event package (for the {@code presencegw_subscriptions} gauge). */
    public Map<String, Long> countByEvent() {
        Map<String, Long> counts = new TreeMap<>();
        for (Subscription s : registry.live()) {
            counts.merge(s.eventPackage().name(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Ends the subscription of dialog ({@code callId}, {@code localTag}) with a final NOTIFY
     * {@code Subscription-State: terminated;reason=...} (RFC 6665 4.2.2: {@code deactivated} tells the watcher to
     * subscribe again at once, {@code noresource} that the resource is gone). False when no such subscription lives.
     */
    public boolean end(String callId, String localTag, TerminationReason reason) {
        Optional<Subscription> s = registry.find(new SubscriptionKey(callId, localTag));
        return s.isPresent()
                && lifecycle.apply(s.get(), new SubscriptionEvent.SourceChanged(new PresenceState.Terminated(reason)));
    }

    private static SubscriptionInfo describe(Subscription s) {
        synchronized (s) {
            DialogRecord d = s.dialog();
            Optional<Instant> lastAt = s.lane().lastSentMillis().map(Instant::ofEpochMilli);
            String answer = lastAt.isEmpty() ? "" : s.lane().lastAnswer();
            return new SubscriptionInfo(d.callId(), d.localTag(), d.remoteTag(), s.watcher().uri(),
                    s.presentity().uri(), s.eventPackage().name(), s.state().name().toLowerCase(Locale.ROOT),
                    Instant.ofEpochMilli(s.expiresAtMillis()), lastAt, answer);
        }
    }
}
