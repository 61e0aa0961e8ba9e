package org.presencegw.gateway.store;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.presencegw.sip.store.StoreException;

/**
 * Durable memory of the XMPP side (subscription requests already sent, denials), with the same group-commit contract
 * as {@link org.presencegw.sip.store.SipStateStore}: {@link #commitXmpp} never blocks and never throws; its stage
 * completes when the changes are durable, or exceptionally with a {@link StoreException}. Changes submitted by one
 * thread commit in submission order, also relative to that thread's SIP commits on the same store.
 *
 * <p>Thread-safe.
 */
public interface XmppMemoryStore {

    /** Reads every remembered row; called at start-up. */
    List<XmppMemoryRow> loadXmppMemory() throws StoreException;

    /** Commits {@code changes} atomically and durably; see the class comment. */
    CompletionStage<Void> commitXmpp(List<XmppChange> changes);

    /** False while the store is known to be unable to write. */
    boolean healthy();
}
