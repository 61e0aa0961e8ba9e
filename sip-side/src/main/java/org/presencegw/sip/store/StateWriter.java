package org.presencegw.sip.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the SIP side writes its durable state: a 2xx waits for {@link #commit} (docs/DESIGN.md, "what was
 * acknowledged survives"), state changes nobody waits for go through {@link #background}. Over a
 * store that is not {@link SipStateStore#durable durable} nothing is written and nothing waits: the callback runs at once, on the caller's thread,
 * which is exactly the old in-memory behaviour.
 *
 * <p>A background write that fails is not retried here: when the store comes back, its owner rewrites the whole
 * in-memory state ({@code GatewayStore.onRecovered} in the gateway), which covers it. Thread-safe.
 */
public final class StateWriter {

    private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);

    private final SipStateStore store;
    private final Executor callbacks;
    private final boolean durable;

    /**
     * @param callbacks where {@link #commit}'s callbacks run when the commit did not complete at once (never the
     *                  store's writer thread, which must not send SIP messages)
     */
    public StateWriter(SipStateStore store, Executor callbacks) {
        this.store = Objects.requireNonNull(store, "store");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.durable = store.durable();
    }

    /** Nothing is kept: for tests and {@code store: {type: memory}}. */
    public static StateWriter inMemory() {
        return new StateWriter(new VolatileStore(), Runnable::run);
    }

    /** Whether state is kept across restarts. */
    public boolean durable() {
        return durable;
    }

    /** False while the store cannot write: new requests that need a write get 503 + Retry-After. */
    public boolean accepting() {
        return !durable || store.healthy();
    }

    /**
     * Commits {@code changes} and then calls {@code then} with empty when they are durable, or with the failure.
     * With nothing to write, or over a volatile store, {@code then} runs at once on this thread.
     */
    public void commit(List<SipChange> changes, Consumer<Optional<Throwable>> then) {
        if (!durable || changes.isEmpty()) {
            then.accept(Optional.empty());
            return;
        }
        CompletableFuture<Void> done = store.commit(changes).toCompletableFuture();
        if (done.isDone()) {
            then.accept(failure(done));
            return;
        }
        // The returned future is not kept, so the callback logs its own failure (else it would vanish in it).
        CompletableFuture<Void> unused = done.whenCompleteAsync((ok, error) -> {
            try {
                then.accept(Optional.ofNullable(unwrap(error)));
            } catch (RuntimeException e) {
                LOG.warn("after a commit of {} change(s): {}", changes.size(), e.toString(), e);
            }
        }, callbacks);
    }

    /** Commits {@code changes} without anybody waiting; a failure is left to the recovery rewrite. */
    public void background(List<SipChange> changes) {
        if (!durable || changes.isEmpty()) {
            return;
        }
        store.commit(changes).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debug("background write of {} change(s) failed: {}", changes.size(), unwrap(error).toString());
            }
        });
    }

    private static Optional<Throwable> failure(CompletableFuture<Void> done) {
        try {
            done.join();
            return Optional.empty();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return Optional.of(unwrap(e));
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
