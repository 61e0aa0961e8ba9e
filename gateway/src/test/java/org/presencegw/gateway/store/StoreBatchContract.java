package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.store.Rows.await;
import static org.presencegw.gateway.store.Rows.blockWriter;
import static org.presencegw.gateway.store.Rows.failure;
import static org.presencegw.gateway.store.Rows.publication;
import static org.presencegw.gateway.store.Rows.subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipChange.PutPublication;
import org.presencegw.sip.store.SipChange.PutSubscription;
import org.presencegw.sip.store.SipChange.RemoveSubscription;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.StoreException;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * The group-commit contract of every engine (SipStateStore Javadoc): atomic change lists, a refused list failing
 * alone, submission order per submitter under concurrency, a bounded queue that fails fast, close flushing what is
 * queued.
 */
abstract class StoreBatchContract {
    private final List<GatewayStore> opened = new ArrayList<>();

    /** Opens the engine under test on this test's location (the same one every time). */
    protected abstract GatewayStore openStore(WriterSettings settings) throws StoreException;

    private GatewayStore open(WriterSettings settings) throws StoreException {
        GatewayStore store = openStore(settings);
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(GatewayStore::close);
    }

    /** A subscription the schema refuses (a port above 65535), so its whole change list must fail. */
    static SubscriptionRow refused(String id) {
        SubscriptionRow r = subscription(id);
        return new SubscriptionRow(r.callId(), r.localTag(), r.remoteTag(), r.localUri(), r.remoteUri(),
                r.localCseq(), r.remoteCseq(), r.routeSet(), r.remoteTarget(), r.flowTransport(), r.flowAddress(),
                70000, r.eventId(), r.eventPackage(), r.mediaType(), r.packageData(), r.watcher(), r.presentity(),
                r.state(), r.expiresAt(), r.version());
    }

    @Test
    void commit_listWithARefusedChange_writesNoneOfIt_andStoreStaysHealthy() throws Exception {
        GatewayStore store = open(WriterSettings.DEFAULTS);
        StoreFailure f = failure(store.commit(List.of(new PutSubscription(subscription("a")),
                new PutPublication(publication("p")), new PutSubscription(refused("bad")))));
        assertEquals(FailureKind.REJECTED, f.kind());
        assertFalse(f.getMessage().contains("\n"), f.getMessage());
        assertEquals(SipState.EMPTY, store.load());
        assertTrue(store.healthy());
        await(store.commit(List.of(new PutSubscription(subscription("after")))));
        assertEquals(List.of(subscription("after")), store.load().subscriptions());
    }

    @Test
    void commit_refusedList_forgetsTheRowIdsItTouched() throws Exception {
        // the list puts a new dialog and removes a stored one before the refused change: after its rollback the
        // new dialog is new again and the stored one is still there, and still removable (SubscriptionIds)
        GatewayStore store = open(WriterSettings.DEFAULTS);
        await(store.commit(List.of(new PutSubscription(subscription("b")))));
        assertEquals(FailureKind.REJECTED, failure(store.commit(List.of(new PutSubscription(subscription("a")),
                new RemoveSubscription(subscription("b").key()), new PutSubscription(refused("c"))))).kind());
        await(store.commit(List.of(new PutSubscription(subscription("a", 2)))));
        await(store.commit(List.of(new PutSubscription(subscription("a", 3)))));
        assertEquals(List.of(subscription("a", 3), subscription("b")), store.load().subscriptions());
        await(store.commit(List.of(new RemoveSubscription(subscription("b").key()))));
        assertEquals(List.of(subscription("a", 3)), store.load().subscriptions());
    }

    @Test
    void commit_refusedListInABatch_failsAlone_othersOfTheBatchCommit() throws Exception {
        GatewayStore store = open(WriterSettings.DEFAULTS);
        CommitStats.Snapshot before = store.commitStats().snapshot();
        CompletionStage<Void> good1;
        CompletionStage<Void> bad;
        CompletionStage<Void> good2;
        Runnable release = blockWriter(store);
        try {
            good1 = store.commit(List.of(new PutSubscription(subscription("g1"))));
            bad = store.commit(List.of(new PutSubscription(subscription("b1")), new PutSubscription(refused("b2"))));
            good2 = store.commit(List.of(new PutSubscription(subscription("g2"))));
        } finally {
            release.run();
        }
        await(good1);
        assertEquals(FailureKind.REJECTED, failure(bad).kind());
        await(good2);
        assertEquals(List.of(subscription("g1"), subscription("g2")), store.load().subscriptions());
        assertTrue(store.healthy());
        CommitStats.Snapshot after = store.commitStats().snapshot();
        assertEquals(1, after.failedLists() - before.failedLists(), "the refused list counted as failed");
        assertTrue(after.committedLists() - before.committedLists() >= 2, "both good lists counted: " + after);
    }

    /**
     * Lets the writer measure one window of its rate: it takes the blocker's batch, then (after more than a window)
     * {@code lists} change lists and a second blocker in one batch, and decides from the rate of both whether it is
     * under load. Returns what releases the second blocker, which holds the writer after that decision.
     */
    private static Runnable measuredWindow(GatewayStore store, List<CompletionStage<Void>> commits,
                                           List<SubscriptionRow> rows, int lists) throws Exception {
        Runnable release = blockWriter(store);
        Thread.sleep(2 * GroupCommitWriter.RATE_WINDOW_MILLIS);
        for (int i = 0; i < lists; i++) {
            rows.add(subscription("w" + i));
            commits.add(store.commit(List.of(new PutSubscription(rows.get(rows.size() - 1)))));
        }
        Rows.Blocker next = Rows.queueBlocker(store);
        release.run();
        next.awaitBlocked();
        return next::open;
    }

    @Test
    void commit_underLoad_waitsGather_soThatALaterCommitJoinsTheBatch() throws Exception {
        // a rate of 1 change list per second counts as load here: the window before has 20 (and two blockers)
        GatewayStore store = open(gathering(Duration.ofSeconds(2), 1));
        List<CompletionStage<Void>> commits = new ArrayList<>();
        List<SubscriptionRow> rows = new ArrayList<>();
        Runnable release = measuredWindow(store, commits, rows, 20);
        CommitStats.Snapshot before = store.commitStats().snapshot();
        int batch = 4;
        try {
            for (int i = 0; i < batch; i++) {
                rows.add(subscription("s" + i));
                commits.add(store.commit(List.of(new PutSubscription(rows.get(rows.size() - 1)))));
            }
        } finally {
            release.run();
        }
        Thread.sleep(300); // the writer has taken up the first: under load, so it gathers
        assertFalse(commits.get(commits.size() - batch).toCompletableFuture().isDone(),
                "written before the gathering time was up");
        rows.add(subscription("late"));
        commits.add(store.commit(List.of(new PutSubscription(rows.get(rows.size() - 1)))));
        for (CompletionStage<Void> c : commits) {
            await(c);
        }
        CommitStats.Snapshot after = store.commitStats().snapshot();
        assertEquals(batch + 1, after.committedLists() - before.committedLists());
        assertEquals(1, after.commits() - before.commits(), "all, the late one too, in one transaction: " + after);
        assertEquals(rows.stream().sorted(Comparator.comparing(SubscriptionRow::callId)).toList(),
                store.load().subscriptions());
    }

    @Test
    void commit_belowTheLoadRate_isNotDelayed_evenAfterABurst() throws Exception {
        // the same burst of 20 in one batch, but under load only from a million change lists a second
        GatewayStore store = open(gathering(Duration.ofSeconds(30), 1_000_000));
        List<CompletionStage<Void>> commits = new ArrayList<>();
        measuredWindow(store, commits, new ArrayList<>(), 20).run();
        for (CompletionStage<Void> c : commits) {
            await(c);
        }
        long start = System.nanoTime();
        await(store.commit(List.of(new PutSubscription(subscription("next")))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 15_000, "a request after a burst at a moderate rate waited " + ms + " ms for others");
    }

    @Test
    void commit_moderateLoad_isNotDelayed() throws Exception {
        GatewayStore store = open(gathering(Duration.ofSeconds(30)));
        Runnable release = blockWriter(store);
        List<CompletionStage<Void>> commits = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 3; i++) { // one batch of 3 lists
                commits.add(store.commit(List.of(new PutSubscription(subscription("m" + i)))));
            }
        } finally {
            release.run();
        }
        for (CompletionStage<Void> c : commits) {
            await(c);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 15_000, "a batch of a writer not under load waited " + ms + " ms for others");
    }

    @Test
    void commit_alone_isWrittenAtOnce_evenWithGathering() throws Exception {
        GatewayStore store = open(gathering(Duration.ofSeconds(30)));
        for (String id : List.of("a", "b", "c")) {
            long start = System.nanoTime();
            await(store.commit(List.of(new PutSubscription(subscription(id)))));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 15_000, "a lone commit waited " + ms + " ms for others");
        }
        store.close(); // does not wait for a gathering time either
        assertEquals(3, store.commitStats().snapshot().committedLists());
    }

    private static WriterSettings gathering(Duration gather) {
        return gathering(gather, WriterSettings.GATHER_FROM_RATE);
    }

    private static WriterSettings gathering(Duration gather, int fromRate) {
        WriterSettings d = WriterSettings.DEFAULTS;
        return new WriterSettings(d.queueCapacity(), d.maxBatch(), d.minBackoff(), d.maxBackoff(), d.logInterval(),
                d.closeTimeout(), gather, fromRate);
    }

    @Test
    void commit_listLongerThanABatch_writesEveryChange_inOrder() throws Exception {
        GatewayStore store = open(WriterSettings.DEFAULTS);
        List<SipChange> changes = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // runs of one statement longer than the embedded engine's 64 rows
            changes.add(new PutSubscription(subscription("a" + i)));
        }
        for (int i = 0; i < 100; i++) {
            changes.add(new RemoveSubscription(subscription("a" + i).key()));
        }
        for (int i = 0; i < 50; i++) {
            changes.add(new PutSubscription(subscription("a" + i, 2)));
        }
        changes.add(new PutPublication(publication("p")));
        for (int i = 0; i < 70; i++) {
            changes.add(new PutSubscription(subscription("b" + i)));
        }
        await(store.commit(changes));

        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            expected.put("call-a" + i, i < 50 ? 2L : 1L);
        }
        for (int i = 50; i < 100; i++) {
            expected.remove("call-a" + i);
        }
        for (int i = 0; i < 70; i++) {
            expected.put("call-b" + i, 1L);
        }
        SipState state = store.load();
        assertEquals(expected, state.subscriptions().stream()
                .collect(Collectors.toMap(SubscriptionRow::callId, SubscriptionRow::localCseq)));
        assertEquals(List.of(publication("p")), state.publications());
    }

    @Test
    void commit_manyConcurrentSubmitters_everyCommitDurable_inSubmissionOrderPerSubmitter() throws Exception {
        GatewayStore store = open(WriterSettings.DEFAULTS);
        CommitStats.Snapshot before = store.commitStats().snapshot();
        int submitters = 32;
        int perSubmitter = 150;
        Map<Integer, List<Integer>> completionOrder = new HashMap<>(); // filled by this thread only
        ExecutorService pool = Executors.newFixedThreadPool(submitters);
        try {
            List<Future<List<CompletionStage<Void>>>> all = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                int thread = t;
                List<Integer> order = Collections.synchronizedList(new ArrayList<>());
                completionOrder.put(thread, order);
                all.add(pool.submit(() -> {
                    List<CompletionStage<Void>> stages = new ArrayList<>();
                    for (int i = 0; i < perSubmitter; i++) {
                        int n = i;
                        // a row of its own, and the submitter's counter row, which must end at the last value
                        stages.add(store.commit(List.<SipChange>of(
                                new PutSubscription(subscription(thread + "-" + n)),
                                new PutSubscription(subscription("counter-" + thread, n))))
                                .whenComplete((v, e) -> order.add(n)));
                    }
                    return stages;
                }));
            }
            for (Future<List<CompletionStage<Void>>> f : all) {
                for (CompletionStage<Void> stage : f.get()) {
                    await(stage);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, perSubmitter).boxed().toList();
        completionOrder.forEach((thread, order) -> assertEquals(expected, order, "completion order of " + thread));
        Map<String, Long> rows = store.load().subscriptions().stream()
                .collect(Collectors.toMap(SubscriptionRow::callId, SubscriptionRow::localCseq));
        assertEquals(submitters * (perSubmitter + 1), rows.size());
        for (int t = 0; t < submitters; t++) {
            assertEquals(perSubmitter - 1L, rows.get("call-counter-" + t), "last value of submitter " + t);
        }
        CommitStats.Snapshot after = store.commitStats().snapshot();
        long lists = after.committedLists() - before.committedLists();
        long commits = after.commits() - before.commits();
        assertEquals((long) submitters * perSubmitter, lists, "every change list counted once");
        assertTrue(commits >= 1 && commits <= lists, "group commits: " + commits + " for " + lists + " lists");
        assertTrue(after.sumSeconds() > before.sumSeconds(), "time spent committing");
        assertEquals(0, after.failedLists() - before.failedLists());
    }

    @Test
    void commit_queueFull_failsAtOnce_storeStaysHealthy_queuedOnesCommit() throws Exception {
        WriterSettings small = new WriterSettings(4, 512, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        GatewayStore store = open(small);
        List<CompletionStage<Void>> queued = new ArrayList<>();
        Runnable release = blockWriter(store);
        try {
            for (int i = 0; i < 4; i++) {
                queued.add(store.commit(List.of(new PutSubscription(subscription("q" + i)))));
            }
            long failedBefore = store.commitStats().snapshot().failedLists();
            CompletionStage<Void> refused = store.commit(List.of(new PutSubscription(subscription("over"))));
            assertEquals(failedBefore + 1, store.commitStats().snapshot().failedLists(), "counted as failed");
            assertTrue(refused.toCompletableFuture().isCompletedExceptionally(), "failed at once");
            assertEquals(FailureKind.QUEUE_FULL, failure(refused).kind());
            assertTrue(store.healthy());
        } finally {
            release.run();
        }
        for (CompletionStage<Void> stage : queued) {
            await(stage);
        }
        assertEquals(4, store.load().subscriptions().size());
    }

    @Test
    void close_writesWhatIsQueued_laterCommitsFailClosed() throws Exception {
        GatewayStore store = open(WriterSettings.DEFAULTS);
        List<CompletionStage<Void>> queued = new ArrayList<>();
        Runnable release = blockWriter(store);
        for (int i = 0; i < 50; i++) {
            queued.add(store.commit(List.of(new PutSubscription(subscription("c" + i)))));
        }
        Thread closer = new Thread(store::close);
        closer.start();
        release.run();
        closer.join(10_000);
        for (CompletionStage<Void> stage : queued) {
            await(stage);
        }
        assertEquals(FailureKind.CLOSED, failure(store.commit(List.of())).kind());
        assertEquals(FailureKind.CLOSED, failure(store.commitXmpp(List.of())).kind());
        store.close(); // idempotent

        GatewayStore again = open(WriterSettings.DEFAULTS);
        assertEquals(50, again.load().subscriptions().size());
        assertEquals(Optional.of(subscription("c7")), again.load().subscriptions().stream()
                .filter(r -> r.callId().equals("call-c7")).findFirst());
    }
}
