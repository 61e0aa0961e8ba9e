package org.presencegw.gateway.store;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.VolatileStore;

/**
 * {@code store: {type: memory}}: keeps nothing, every commit succeeds at once (benchmarks, tests). Never recovers
 * because it is never down. Thread-safe (stateless).
 */
public final class VolatileGatewayStore implements GatewayStore {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private final VolatileStore sip = new VolatileStore();

    @Override
    public SipState load() {
        return sip.load();
    }

    @Override
    public CompletionStage<Void> commit(List<SipChange> changes) {
        Objects.requireNonNull(changes, "changes");
        return DONE;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public List<XmppMemoryRow> loadXmppMemory() {
        return List.of();
    }

    @Override
    public CompletionStage<Void> commitXmpp(List<XmppChange> changes) {
        Objects.requireNonNull(changes, "changes");
        return DONE;
    }

    @Override
    public CompletionStage<Void> replaceSipState(SipState state) {
        Objects.requireNonNull(state, "state");
        return DONE;
    }

    @Override
    public CompletionStage<Void> replaceXmppMemory(List<XmppMemoryRow> rows) {
        Objects.requireNonNull(rows, "rows");
        return DONE;
    }

    @Override
    public void onRecovered(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public String describe() {
        return "memory (nothing kept)";
    }

    @Override
    public void close() {
        sip.close();
    }
}
