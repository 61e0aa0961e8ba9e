package org.presencegw.gateway.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store can write, the failure that commits get while it cannot, and the {@code onRecovered}
 * listeners. Changed only by the writer thread; read by any thread ({@link #healthy()} is a volatile read, so
 * {@code commit} stays cheap).
 *
 * <p>Thread-safe.
 */
final class StoreHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);
    private final String store;
    private final TroubleLog trouble;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean healthy = true;
    private volatile FailureKind downKind = FailureKind.OTHER;
    private volatile String downReason = "";
    private long downSince;

    StoreHealth(String store, TroubleLog trouble) {
        this.store = Objects.requireNonNull(store, "store");
        this.trouble = Objects.requireNonNull(trouble, "trouble");
    }

    boolean healthy() {
        return healthy;
    }

    /** A fresh failure for a commit refused while the store is down. */
    StoreFailure downFailure() {
        return new StoreFailure(downKind, "store " + store + " is down (" + downKind.label() + "): " + downReason);
    }

    /** The store cannot write ({@code kind}, {@code reason}); logs, rate-limited. Writer thread only. */
    void down(FailureKind kind, String reason) {
        if (healthy) {
            downSince = System.nanoTime();
        }
        downKind = kind;
        downReason = Messages.firstLine(reason);
        healthy = false;
        trouble.warn(kind, store, reason);
    }

    /** A commit's data was refused; the store stays healthy. Logs, rate-limited. Writer thread only. */
    void rejected(String reason) {
        trouble.warn(FailureKind.REJECTED, store, reason);
    }

    /** The store writes again: logs, then runs the listeners on this (the writer) thread. Writer thread only. */
    void up() {
        if (healthy) {
            return;
        }
        healthy = true;
        trouble.recovered(store, Duration.ofNanos(System.nanoTime() - downSince));
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("store {}: an onRecovered listener failed: {}", store, Messages.of(e));
                LOG.debug("onRecovered listener failure", e);
            }
        }
    }

    void onRecovered(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
