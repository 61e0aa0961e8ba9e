package org.presencegw.gateway.store;

import java.util.Objects;
import org.presencegw.sip.store.StoreException;

/**
 * The {@link StoreException} a failed commit stage carries: a one-line message plus the {@link FailureKind}, so the
 * caller can tell overload ({@link FailureKind#QUEUE_FULL}: answer 503 with Retry-After) from store trouble. It
 * carries no stack trace: it is an expected outcome, created for every commit refused while the store is down.
 */
public final class StoreFailure extends StoreException {
    private static final long serialVersionUID = 1L;
    private final FailureKind kind;

    public StoreFailure(FailureKind kind, String message) {
        super(Messages.firstLine(message));
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public FailureKind kind() {
        return kind;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
