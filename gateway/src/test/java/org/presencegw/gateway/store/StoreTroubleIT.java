package org.presencegw.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.presencegw.gateway.store.Rows.await;
import static org.presencegw.gateway.store.Rows.failure;
import static org.presencegw.gateway.store.Rows.subscription;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.gateway.store.testing.LogCapture;
import org.presencegw.gateway.store.testing.PostgresServer;
import org.presencegw.gateway.store.testing.Tmpfs;
import org.presencegw.sip.store.PublicationRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipChange.PutSubscription;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * Store trouble (issue 9): the database stops, the disk fills up, the file turns read-only. Each time the failing
 * commits fail with one line, healthy() turns false, commits then fail at once, at most one WARN per kind of failure
 * is logged (no stack trace), and the store recovers by itself once the trouble is gone: onRecovered runs once and
 * the next commit succeeds. The disk tests need root (mount, chattr) and are skipped, saying so, without it.
 */
class StoreTroubleIT {
    static final WriterSettings FAST = new WriterSettings(8192, 512, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofSeconds(5));
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        pg.close();
    }

    static List<SipChange> put(String id) {
        return List.of(new PutSubscription(subscription(id)));
    }

    /** Runs {@code trouble}, checks the failure and the log, then {@code repair}, and checks the recovery. */
    private static void troubleAndRecovery(GatewayStore store, Runnable trouble, List<SipChange> failing,
                                           Runnable repair) throws Exception {
        troubleAndRecovery(store, trouble, failing, () -> { }, repair);
    }

    /** The same, with {@code afterFailure} run right after the commit that failed. */
    private static void troubleAndRecovery(GatewayStore store, Runnable trouble, List<SipChange> failing,
                                           Runnable afterFailure, Runnable repair) throws Exception {
        CountDownLatch recovered = new CountDownLatch(1);
        AtomicInteger recoveries = new AtomicInteger();
        store.onRecovered(() -> {
            recoveries.incrementAndGet();
            recovered.countDown();
        });
        try (LogCapture warnings = LogCapture.of(GatewayStore.class.getName());
             LogCapture probes = LogCapture.of(GroupCommitWriter.class.getName(), Level.DEBUG)) {
            await(store.commit(put("before")));
            long failedBefore = store.commitStats().snapshot().failedLists();
            trouble.run();
            StoreFailure failed = failure(store.commit(failing));
            afterFailure.run();
            assertTrue(failed.kind().storeTrouble(), failed.toString());
            assertFalse(failed.getMessage().contains("\n"), failed.getMessage());
            assertFalse(store.healthy());
            CompletionStage<Void> refused = store.commit(put("refused"));
            assertTrue(refused.toCompletableFuture().isCompletedExceptionally(), "fails at once while down");
            // /metrics counts both: the one the writer could not write and the one refused at once
            assertEquals(failedBefore + 2, store.commitStats().snapshot().failedLists());

            probes.await(Level.DEBUG, 3, 30); // three failed probes: the trouble went on, yet ...
            List<ILoggingEvent> warned = warnings.at(Level.WARN);
            // the kind is what follows the store's name (which may hold a colon itself: "(sync: normal)")
            long kinds = warned.stream().map(e -> e.getFormattedMessage().replace(store.describe(), "")
                    .replaceFirst(":.*", "")).distinct().count();
            assertTrue(kinds >= 1, "warned");
            assertEquals(kinds, warned.size(), "... one WARN per kind of failure: " + warned);
            warned.forEach(e -> assertNull(e.getThrowableProxy(), "no stack trace"));

            repair.run();
            assertTrue(recovered.await(30, TimeUnit.SECONDS), "recovered by itself");
            assertTrue(store.healthy());
            long committedBefore = store.commitStats().snapshot().committedLists();
            await(store.commit(put("after")));
            assertTrue(store.commitStats().snapshot().committedLists() > committedBefore, "counted once back");
            assertEquals(1, recoveries.get());
            assertEquals(1, warnings.at(Level.INFO).size(), "one 'recovered' line: " + warnings.at(Level.INFO));
        }
        List<String> ids = store.load().subscriptions().stream().map(SubscriptionRow::callId).sorted().toList();
        assertTrue(ids.containsAll(List.of("call-after", "call-before")), ids.toString());
        assertFalse(ids.contains("call-refused"), ids.toString());
    }

    @Test
    void postgresqlStopped_commitsFail_oneWarning_recoversWhenStartedAgain() throws Exception {
        String database = pg.createDatabase("stopped");
        try (GatewayStore store = Stores.open(pg.settings(database), dir, FAST)) {
            troubleAndRecovery(store, pg::stop, put("during"), pg::restart);
            assertFalse(store.load().subscriptions().stream().anyMatch(r -> r.callId().equals("call-during")));
        }
    }

    @Test
    void postgresqlKilledMidBurst_acknowledgedCommitsSurviveItsCrashRecovery() throws Exception {
        String database = pg.createDatabase("killed");
        Acked acked = new Acked();
        CountDownLatch recovered = new CountDownLatch(1);
        CountDownLatch failed = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        try (GatewayStore store = Stores.open(pg.settings(database), dir, FAST)) {
            store.onRecovered(recovered::countDown);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String prefix = "t" + t + "-";
                Thread thread = new Thread(() -> {
                    for (int i = 0; running.get(); i++) {
                        try {
                            await(store.commit(put(prefix + i)));
                            acked.add("call-" + prefix + i);
                        } catch (Exception e) {
                            failed.countDown();
                            try {
                                recovered.await(30, TimeUnit.SECONDS); // no busy loop while the store is down
                            } catch (InterruptedException ie) {
                                return;
                            }
                        }
                    }
                });
                thread.start();
                submitters.add(thread);
            }
            try {
                acked.await(500);
                pg.kill();
                assertTrue(failed.await(30, TimeUnit.SECONDS), "commits fail while the server is dead");
                pg.restart();
                assertTrue(recovered.await(30, TimeUnit.SECONDS), "recovered by itself");
                acked.await(acked.size() + 100);
            } finally {
                running.set(false);
                for (Thread thread : submitters) {
                    thread.join(30_000);
                }
            }
            Set<String> stored = store.load().subscriptions().stream().map(SubscriptionRow::callId)
                    .collect(Collectors.toSet());
            assertTrue(stored.containsAll(acked.all()), "every acknowledged commit survived the server's crash");
        }
    }

    /** Acknowledged commit ids, with a condition wait on their number. */
    private static final class Acked {
        private final Set<String> ids = new HashSet<>();

        synchronized void add(String id) {
            ids.add(id);
            notifyAll();
        }

        synchronized int size() {
            return ids.size();
        }

        synchronized Set<String> all() {
            return Set.copyOf(ids);
        }

        synchronized void await(int size) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ids.size() < size) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("only " + ids.size() + " of " + size + " commits acknowledged");
                }
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    /** Both syncs: with {@code normal} the checkpoint thread runs beside the writer. */
    @ParameterizedTest
    @EnumSource(StoreSettings.Sync.class)
    void embeddedDiskFull_commitsFail_oneWarning_recoversWhenSpaceIsFreed(StoreSettings.Sync sync) throws Exception {
        assumeTrue(Disks.isRoot(), "mounting a small tmpfs needs root");
        Path mountPoint = java.nio.file.Files.createDirectories(dir.resolve("small-" + sync.key()));
        Tmpfs tmpfs = Tmpfs.mount(mountPoint, 2048);
        // the first probe 500 ms after the failure: time for the test to fill the disk again first
        WriterSettings slowerProbe = new WriterSettings(8192, 512, Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        try (GatewayStore store = Stores.open(new StoreSettings.Embedded(Path.of("data"), sync), mountPoint,
                slowerProbe)) {
            Path filler = mountPoint.resolve("filler");
            Path more = mountPoint.resolve("filler-2");
            List<SipChange> big = List.of(new SipChange.PutPublication(new PublicationRow("sip:a@s", "big",
                    "application/pidf+xml", new byte[512 * 1024], 1, 1)));
            // After the failure the writer closes its connection, the last one (the checkpoint thread let go of its
            // own: SqliteEngine.troubled), and SQLite removes the log, whose space is then free: a disk that stays
            // full is filled again
            troubleAndRecovery(store, () -> Disks.fill(filler), big, () -> Disks.fill(more), () -> {
                Disks.delete(filler);
                Disks.delete(more);
            });
            await(store.commit(big));
        } finally {
            tmpfs.close();
        }
    }

    @Test
    void embeddedFileMadeImmutable_commitsFail_recoversWhenWritableAgain() throws Exception {
        assumeTrue(Disks.isRoot(), "chattr +i needs root");
        try (GatewayStore store = Stores.open(new StoreSettings.Embedded(Path.of("data")), dir, FAST)) {
            await(store.commit(put("first"))); // the -wal file exists from now on
            Path data = dir.resolve("data");
            List<Path> files = List.of(data.resolve("presencegw.db"), data.resolve("presencegw.db-wal"));
            try {
                troubleAndRecovery(store, () -> Disks.chattr("+i", files), put("during"),
                        () -> Disks.chattr("-i", files));
            } finally {
                Disks.chattr("-i", files);
            }
        }
    }
}
