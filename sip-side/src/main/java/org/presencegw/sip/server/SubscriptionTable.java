package org.presencegw.sip.server;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.presencegw.sip.api.ViewKey;

/** Live subscriptions by dialog and by view, for O(1) dialog lookup and per-view fan-out. Thread-safe. */
final class SubscriptionTable {

    private final Map<Subscription.DialogId, Subscription> byDialog = new ConcurrentHashMap<>();
    private final Map<ViewKey, Set<Subscription>> byView = new ConcurrentHashMap<>();

    /** Adds {@code s}; false (and nothing added) when its dialog is already taken. */
    boolean add(Subscription s) {
        if (byDialog.putIfAbsent(s.id(), s) != null) {
            return false;
        }
        byView.computeIfAbsent(s.view, v -> ConcurrentHashMap.newKeySet()).add(s);
        return true;
    }

    void remove(Subscription s) {
        byDialog.remove(s.id(), s);
        byView.computeIfPresent(s.view, (v, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }

    Optional<Subscription> find(String callId, String localTag) {
        return Optional.ofNullable(byDialog.get(new Subscription.DialogId(callId, localTag)));
    }

    Collection<Subscription> watching(ViewKey view) {
        Set<Subscription> set = byView.get(view);
        return set == null ? List.of() : List.copyOf(set);
    }

    /** A live, weakly consistent view of every subscription (no copy; for the expiry sweep). */
    Collection<Subscription> live() {
        return Collections.unmodifiableCollection(byDialog.values());
    }

    Collection<Subscription> all() {
        return List.copyOf(byDialog.values());
    }

    int size() {
        return byDialog.size();
    }
}
