package org.presencegw.sip.store;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Durable state of the SIP side: subscriptions, registrar bindings and publications (docs/DESIGN.md: "what was
 * acknowledged survives"). A 2xx to SUBSCRIBE, REGISTER or PUBLISH is sent only after the stage returned by
 * {@link #commit} completed normally.
 *
 * <p>Implementations group commits: changes submitted by many callers in a short window go into one transaction
 * and one sync to disk (group commit), so durability costs little per request. {@link #commit} never blocks and
 * never throws: it returns a stage that completes, usually on the store's writer thread, when the changes are
 * durable, or exceptionally with a {@link StoreException} when they could not be written (store down, queue
 * full). Callers must not block in the stage's callbacks. Changes submitted by one thread are committed in
 * submission order.
 *
 * <p>Thread-safe.
 */
public interface SipStateStore extends AutoCloseable {

    /** Reads everything stored; called once at start-up, before any {@link #commit}. */
    SipState load() throws StoreException;

    /** Commits {@code changes} atomically and durably; see the class comment. */
    CompletionStage<Void> commit(List<SipChange> changes);

    /** False while the store is known to be unable to write (the last commit failed and no retry succeeded yet). */
    boolean healthy();

    /**
     * Whether what is committed survives the process. False for a store that keeps nothing ({@code store: {type:
     * memory}}): then nobody waits for commits, and a clean stop tells watchers {@code terminated;reason=deactivated}
     * because nothing will be there after the restart.
     */
    default boolean durable() {
        return true;
    }

    /** Flushes what is queued (bounded wait) and releases the store. Idempotent. */
    @Override
    void close();
}
