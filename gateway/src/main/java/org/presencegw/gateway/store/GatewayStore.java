package org.presencegw.gateway.store;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.SipStateStore;

/**
 * The gateway's one store: the SIP side's state and the XMPP side's memory, written by one writer thread with group
 * commit (DESIGN.md: "what was acknowledged survives"). Open one with {@link Stores#open}.
 *
 * <p>All commit methods share one bounded queue, so changes submitted by one thread commit in submission order
 * whatever their kind. None of them blocks or throws: when the queue is full or the store is known to be down, the
 * returned stage is already failed with a one-line {@link org.presencegw.sip.store.StoreException}.
 *
 * <p>Thread-safe.
 */
public interface GatewayStore extends SipStateStore, XmppMemoryStore {

    /**
     * Replaces the whole SIP state (every subscription, binding and publication) by {@code state}, atomically. Meant
     * for the rewrite after {@link #onRecovered}: commits that failed while the store was down left it behind memory.
     */
    CompletionStage<Void> replaceSipState(SipState state);

    /** Replaces the whole XMPP memory by {@code rows}, atomically; see {@link #replaceSipState}. */
    CompletionStage<Void> replaceXmppMemory(List<XmppMemoryRow> rows);

    /**
     * Adds a listener run each time the store becomes writable again after it was down ({@link #healthy()} turned
     * true). It runs on the store's writer thread, after the successful probe write and before any commit queued
     * after it; it must not block (submitting commits is fine: they only queue).
     */
    void onRecovered(Runnable listener);

    /** What the group commits cost so far; all zero for a store that writes nothing. */
    default CommitStats commitStats() {
        return NO_COMMITS;
    }

    /** The figures of a store that never commits. */
    CommitStats NO_COMMITS = new CommitStats();

    /** Where the data lives, for log lines, e.g. {@code embedded /srv/gw/data} (never a password). */
    String describe();
}
