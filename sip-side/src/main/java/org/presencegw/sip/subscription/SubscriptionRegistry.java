package org.presencegw.sip.subscription;

import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.presencegw.sip.api.SipAddress;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.store.SubscriptionKey;

/**
 * The live subscriptions, indexed by dialog (O(1) lookup of an in-dialog SUBSCRIBE) and by view (O(1) fan-out of a
 * view's change to its watchers). Holds no subscription lock. Thread-safe.
 */
final class SubscriptionRegistry {

    /**
     * Subscriptions the per-subscription maps hold before their first resize: 2^17, a table of 262,144 slots (1 MiB)
     * each, the size either map has grown to anyway at 100,000. A resize under a burst of new subscriptions is a
     * copy of the whole table while the listener threads look up in it, and the lookups that meet a moved bin
     * threw the compiled SUBSCRIBE handler away (a branch no quieter time takes) and had C2 compile it again at a
     * load step's first second (bench/FINDINGS.md, "Session 38"). Beyond this they grow as before.
     */
    static final int EXPECTED = 1 << 17;

    private final Map<SubscriptionKey, Subscription> byDialog = new ConcurrentHashMap<>(EXPECTED);
    private final Map<ViewKey, Set<Subscription>> byView = new ConcurrentHashMap<>();
    /**
     * Live subscriptions per watcher AOR (without {@code gr}), for {@code limits.subscriptions_per_watcher}. Keyed
     * by the subscription's own address, not its URI text: no string per subscription.
     */
    private final Map<SipAddress, Integer> byWatcher = new ConcurrentHashMap<>(EXPECTED);
    /**
     * {@code byDialog}'s size, kept here: every new SUBSCRIBE asks it ({@code limits.subscriptions_total}), and
     * {@code ConcurrentHashMap.size()} sums per-thread counter cells that the map makes only once its threads
     * contend. A warm-up's calls never took that branch, so the compiled SUBSCRIBE handler, which inlines it, was
     * thrown away at a load step's first second and compiled again (bench/FINDINGS.md, "Session 26").
     */
    private final AtomicInteger size = new AtomicInteger();

    /** Adds {@code s}; false (and nothing added) when its dialog is already taken. */
    boolean add(Subscription s) {
        if (byDialog.putIfAbsent(s.key(), s) != null) {
            return false;
        }
        size.incrementAndGet();
        byView.computeIfAbsent(s.view(), v -> ConcurrentHashMap.newKeySet()).add(s);
        byWatcher.merge(watcherKey(s), 1, Integer::sum);
        return true;
    }

    void remove(Subscription s) {
        if (!byDialog.remove(s.key(), s)) {
            return;
        }
        size.decrementAndGet();
        byView.computeIfPresent(s.view(), (v, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
        byWatcher.computeIfPresent(watcherKey(s), (w, n) -> n <= 1 ? null : n - 1);
    }

    /** Live subscriptions of the watcher AOR {@code watcher} (a {@link SipAddress#uri()} without {@code gr}). */
    int ofWatcher(SipAddress watcher) {
        return byWatcher.getOrDefault(watcher.withoutGr(), 0);
    }

    /** Watchers with at least one live subscription (tests: the table empties with the subscriptions). */
    int watchers() {
        return byWatcher.size();
    }

    private static SipAddress watcherKey(Subscription s) {
        return s.watcher().withoutGr();
    }

    Optional<Subscription> find(SubscriptionKey key) {
        return Optional.ofNullable(byDialog.get(key));
    }

    /**
     * The subscriptions attached to {@code view}: a live, weakly consistent view, no copy. A fan-out iterates it and
     * sends its first NOTIFY at once: a copy of 1000 subscriptions took 0.3–0.5 ms before the first NOTIFY of every
     * change (bench/FINDINGS.md, "Session 29"). One attached or removed during the iteration may or may not be seen,
     * as with a copy taken a moment earlier or later.
     */
    Collection<Subscription> watching(ViewKey view) {
        Set<Subscription> set = byView.get(view);
        return set == null ? List.of() : Collections.unmodifiableSet(set);
    }

    /**
     * One live subscription attached to {@code view}, or null when none is: a new watcher of the same presentity
     * shares its texts ({@link SubscribeHandler}).
     */
    Subscription anyOf(ViewKey view) {
        Set<Subscription> set = byView.get(view);
        if (set == null) {
            return null;
        }
        Iterator<Subscription> it = set.iterator();
        return it.hasNext() ? it.next() : null;
    }

    /** A live, weakly consistent view of every subscription (no copy; for the expiry sweep). */
    Collection<Subscription> live() {
        return Collections.unmodifiableCollection(byDialog.values());
    }

    /** A copy of every subscription. */
    Collection<Subscription> all() {
        return List.copyOf(byDialog.values());
    }

    int size() {
        return size.get();
    }
}
