package org.presencegw.sip.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A store that keeps nothing: every commit succeeds at once. For tests and {@code store: {type: memory}}. */
public final class VolatileStore implements SipStateStore {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public SipState load() {
        return SipState.EMPTY;
    }

    @Override
    public CompletionStage<Void> commit(List<SipChange> changes) {
        return DONE;
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        // nothing held
    }
}
