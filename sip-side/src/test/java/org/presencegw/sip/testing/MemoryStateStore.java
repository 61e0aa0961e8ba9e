package org.presencegw.sip.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.SipStateStore;
import org.presencegw.sip.store.StoreException;
import org.presencegw.sip.store.SubscriptionKey;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * A {@link SipStateStore} in memory for sip-side tests: commits complete on a thread of its own (like a real store's
 * writer), it outlives the servers that use it (a "restart" is a new server on the same store), and {@link
 * #failing} makes it refuse everything, as a store that is down. The real engines (embedded, PostgreSQL) are tested
 * against the same contract in the gateway module.
 */
public final class MemoryStateStore implements SipStateStore {

    private final Map<SubscriptionKey, SubscriptionRow> subscriptions = new LinkedHashMap<>();
    private final Map<String, List<BindingRow>> bindings = new LinkedHashMap<>();
    private final Map<String, PublicationRow> publications = new LinkedHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memory-store-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger commits = new AtomicInteger();
    private volatile boolean failing;
    private volatile CountDownLatch held = new CountDownLatch(0);

    /** While true, loads and commits fail as with a store that is down. */
    public void failing(boolean value) {
        this.failing = value;
    }

    /** Commits wait until {@code release} opens (a slow disk); a latch at zero lets them through. */
    public void holdCommitsUntil(CountDownLatch release) {
        this.held = release;
    }

    public int commits() {
        return commits.get();
    }

    @Override
    public synchronized SipState load() throws StoreException {
        if (failing) {
            throw new StoreException("store down (test)");
        }
        List<BindingRow> all = new ArrayList<>();
        bindings.values().forEach(all::addAll);
        return new SipState(List.copyOf(subscriptions.values()), all, List.copyOf(publications.values()));
    }

    @Override
    public CompletionStage<Void> commit(List<SipChange> changes) {
        if (failing) {
            return CompletableFuture.failedFuture(new StoreException("store down (test)"));
        }
        List<SipChange> copy = List.copyOf(changes);
        CountDownLatch release = held;
        return CompletableFuture.runAsync(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            apply(copy);
        }, writer);
    }

    private synchronized void apply(List<SipChange> changes) {
        commits.incrementAndGet();
        for (SipChange c : changes) {
            if (c instanceof SipChange.PutSubscription p) {
                subscriptions.put(p.row().key(), p.row());
            } else if (c instanceof SipChange.RemoveSubscription r) {
                subscriptions.remove(r.key());
            } else if (c instanceof SipChange.ReplaceBindings b) {
                if (b.bindings().isEmpty()) {
                    bindings.remove(b.aor());
                } else {
                    bindings.put(b.aor(), b.bindings());
                }
            } else if (c instanceof SipChange.PutPublication p) {
                publications.put(p.row().etag(), p.row());
            } else if (c instanceof SipChange.RemovePublication r) {
                publications.remove(r.etag());
            }
        }
    }

    public synchronized List<SubscriptionRow> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    public synchronized List<BindingRow> bindings(String aor) {
        return bindings.getOrDefault(aor, List.of());
    }

    public synchronized Optional<PublicationRow> publication(String etag) {
        return Optional.ofNullable(publications.get(etag));
    }

    @Override
    public boolean healthy() {
        return !failing;
    }

    @Override
    public void close() {
        writer.shutdown();
    }
}
