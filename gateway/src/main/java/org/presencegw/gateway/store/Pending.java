package org.presencegw.gateway.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted change list and the future its submitter waits on. {@link #STOP} (no future) tells the writer to
 * finish.
 *
 * @param changes {@link org.presencegw.sip.store.SipChange}s, {@link XmppChange}s or {@link ChangeWriter.Clear}s
 * @param done    completed by the writer thread when the changes are durable, or exceptionally
 */
record Pending(List<?> changes, CompletableFuture<Void> done) {
    static final Pending STOP = new Pending(List.of(), null);
}
