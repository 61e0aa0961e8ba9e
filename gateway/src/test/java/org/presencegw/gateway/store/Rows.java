package org.presencegw.gateway.store;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SubscriptionRow;

/** Test rows and waiting for commit stages. */
final class Rows {
    private Rows() {
    }

    static SubscriptionRow subscription(String id) {
        return subscription(id, 1);
    }

    static SubscriptionRow subscription(String id, long localCseq) {
        return new SubscriptionRow("call-" + id, "tag-" + id, "rtag-" + id, "sip:bob@jabber.test",
                "sip:alice@sip.test", localCseq, 7, List.of("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"),
                "sip:alice@192.0.2.1:5062;transport=udp", "udp", "192.0.2.1", 5062, Optional.of("ev-" + id),
                "presence", "application/pidf+xml", "", "sip:alice@sip.test", "sip:bob@jabber.test", "ACTIVE",
                1_800_000_000_000L, 3);
    }

    static BindingRow binding(String aor, String contact) {
        return new BindingRow(aor, contact, "reg-" + contact, 12, 1_800_000_000_000L, Optional.of("0.7"),
                "udp:192.0.2.9:5060", List.of("<sip:edge.example.com;lr>"));
    }

    static PublicationRow publication(String etag) {
        return new PublicationRow("sip:alice@sip.test", etag, "application/pidf+xml",
                ("<presence entity='" + etag + "'/>").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                1_800_000_000_000L, 5);
    }

    static XmppMemoryRow memory(String contact, String kind) {
        return new XmppMemoryRow("alice@jabber.test", contact, kind, 1_700_000_000_000L);
    }

    /** Waits (10 s at most) for a stage that must succeed. */
    static void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Waits for a stage that must fail with a {@link StoreFailure}, and returns that failure. */
    static StoreFailure failure(CompletionStage<Void> stage) throws InterruptedException, TimeoutException {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreFailure f) {
                return f;
            }
            throw new AssertionError("failed with something else than a StoreFailure", e.getCause());
        }
        throw new AssertionError("the commit succeeded");
    }

    /**
     * Holds the writer thread inside a completion callback (callbacks of a stage run on the writer thread when it
     * completes the stage after they were attached), so that commits submitted meanwhile queue up and are written as
     * one batch once released. Call {@link Runnable#run()} on the result to release it.
     */
    /**
     * Queues an empty commit whose completion blocks the writer thread until released, without waiting for it: for
     * use while the writer is blocked already, so that it lands in the batch the writer takes up next.
     */
    static Blocker queueBlocker(GatewayStore store) {
        Blocker b = new Blocker(new CountDownLatch(1), new CountDownLatch(1));
        store.commit(List.of()).whenComplete((v, e) -> {
            b.blocked().countDown();
            try {
                b.release().await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        });
        return b;
    }

    /** A commit queued by {@link #queueBlocker}: the writer waits in its callback until {@link #open}. */
    record Blocker(CountDownLatch blocked, CountDownLatch release) {
        void awaitBlocked() throws InterruptedException {
            if (!blocked.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the writer never reached the queued blocker");
            }
        }

        void open() {
            release.countDown();
        }
    }

    static Runnable blockWriter(GatewayStore store) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        Thread me = Thread.currentThread();
        while (true) {
            AtomicBoolean ranHere = new AtomicBoolean();
            store.commit(List.of()).whenComplete((v, e) -> {
                if (Thread.currentThread() == me) {
                    ranHere.set(true); // already complete when attached: try again
                    return;
                }
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            });
            if (!ranHere.get()) {
                if (!blocked.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the writer never ran the callback");
                }
                return release::countDown;
            }
        }
    }
}
