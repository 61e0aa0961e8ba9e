package org.presencegw.sip.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.testing.MemoryStateStore;

class StateWriterTest {

    private static final List<SipChange> ONE = List.of(new SipChange.RemovePublication("e1"));

    @Test
    void inMemory_callbackRunsAtOnceOnTheCallersThread() {
        StateWriter w = StateWriter.inMemory();
        Thread caller = Thread.currentThread();
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        w.commit(ONE, failure -> ran.complete(Thread.currentThread()));
        assertEquals(caller, ran.getNow(null));
        assertFalse(w.durable());
        assertTrue(w.accepting());
    }

    @Test
    void durable_callbackAfterCommitOnTheCallbackExecutor_failureReported() throws Exception {
        MemoryStateStore store = new MemoryStateStore();
        LinkedBlockingQueue<Optional<Throwable>> results = new LinkedBlockingQueue<>();
        StateWriter w = new StateWriter(store, Runnable::run);
        w.commit(ONE, results::add);
        assertEquals(Optional.empty(), results.poll(5, TimeUnit.SECONDS));
        assertEquals(1, store.commits());
        store.failing(true);
        assertFalse(w.accepting());
        w.commit(ONE, results::add);
        assertTrue(results.poll(5, TimeUnit.SECONDS).orElseThrow() instanceof StoreException);
        store.close();
    }

    @Test
    void nothingToWrite_noCommit() {
        MemoryStateStore store = new MemoryStateStore();
        StateWriter w = new StateWriter(store, Runnable::run);
        CompletableFuture<Optional<Throwable>> r = new CompletableFuture<>();
        w.commit(List.of(), r::complete);
        assertEquals(Optional.empty(), r.getNow(null));
        assertEquals(0, store.commits());
        store.close();
    }
}
