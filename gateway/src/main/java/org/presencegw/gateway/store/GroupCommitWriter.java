package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer thread (group commit). It takes the first waiting change list, drains up to
 * {@code maxBatch - 1} more that are already waiting, writes them all in ONE transaction, commits once (one sync),
 * then completes their futures on this thread in submission order. Under load (at least
 * {@link WriterSettings#gatherFromRate} change lists a second over the last {@value #RATE_WINDOW_MILLIS} ms) it first
 * waits {@link WriterSettings#gather} so that more join the batch: fewer syncs per change, for a little latency; a
 * lone change list, or a moderate load, is written at once even when it comes in bursts. A batch that fails
 * completes all its futures exceptionally, except when the database only refused some change list's data
 * ({@link FailureKind#REJECTED}): then the change lists are retried one per transaction, so only the bad one fails.
 *
 * <p>On store trouble the writer gives up its connection, marks the store down ({@link StoreHealth}: commits then
 * fail at once) and probes with a real write after a backoff (doubling up to a maximum) until one succeeds; the
 * store is then healthy again and the {@code onRecovered} listeners run. Waiting is done by blocking on the queue
 * with a timeout: no busy loop.
 *
 * <p>Confined to its thread: only {@link #run} touches the connection.
 */
final class GroupCommitWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    /**
     * How long the writer counts change lists before it decides whether it is under load. The rate, not the size of
     * one batch: at 1000 requests/s sipp's bursts make batches of 4 and more, and gathering after them added up to 1 ms
     * to the median answer (bench/FINDINGS.md, session 15).
     */
    static final long RATE_WINDOW_MILLIS = 100;
    private static final long RATE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(RATE_WINDOW_MILLIS);
    private final Engine engine;
    private final BlockingQueue<Pending> queue;
    private final StoreHealth health;
    private final WriterSettings settings;
    private final CommitStats stats;
    private Connection connection;
    private ChangeWriter writer;
    private long backoffNanos;
    private long nextProbeAt;
    private final long gatherNanos;
    private long windowStart = System.nanoTime();
    private long windowLists;
    private boolean underLoad;

    GroupCommitWriter(Engine engine, BlockingQueue<Pending> queue, StoreHealth health, WriterSettings settings,
                      CommitStats stats, Connection connection) {
        this.engine = engine;
        this.queue = queue;
        this.health = health;
        this.settings = settings;
        this.stats = stats;
        this.connection = connection;
        this.writer = new ChangeWriter(connection, engine.batchRows());
        this.gatherNanos = settings.gather().toNanos();
    }

    @Override
    public void run() {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        try {
            while (true) {
                Pending first = next();
                if (first == null) {
                    probe();
                    continue;
                }
                batch.add(first);
                if (gathering(first)) {
                    LockSupport.parkNanos(gatherNanos);
                }
                queue.drainTo(batch, settings.maxBatch() - 1);
                measure(batch.size());
                int stop = batch.indexOf(Pending.STOP);
                List<Pending> work = stop < 0 ? batch : batch.subList(0, stop);
                if (!work.isEmpty()) {
                    process(work);
                }
                if (stop >= 0) {
                    failRemaining(batch.subList(stop + 1, batch.size()));
                    return;
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            failRemaining(batch);
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // a bug or the JVM out of memory: say so once, and let every commit fail at once from now on
            // instead of waiting for a writer that is gone
            LOG.error("store {}: the writer thread died: {}", engine.describe(), Messages.of(e));
            LOG.debug("writer thread failure", e);
            health.down(FailureKind.OTHER, "the writer thread died: " + Messages.of(e));
            failRemaining(batch);
        } finally {
            closeConnection();
            engine.close();
        }
    }

    /** Whether to wait {@code gather} before draining the queue: only under load. */
    private boolean gathering(Pending first) {
        return gatherNanos > 0 && !isStop(first) && health.healthy() && underLoad;
    }

    /** Counts the lists of a batch; once a window is over, decides from its rate whether the writer is under load. */
    private void measure(int lists) {
        windowLists += lists;
        long now = System.nanoTime();
        long elapsed = now - windowStart;
        if (elapsed >= RATE_WINDOW_NANOS) {
            underLoad = windowLists * 1e9 / elapsed >= settings.gatherFromRate();
            windowStart = now;
            windowLists = 0;
        }
    }

    /** The next change list; null when the store is down and it is time to probe. */
    private Pending next() throws InterruptedException {
        if (health.healthy()) {
            return queue.take();
        }
        long wait = nextProbeAt - System.nanoTime();
        return wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
    }

    private void process(List<Pending> work) {
        if (!health.healthy()) {
            stats.failed(work.size());
            for (Pending p : work) {
                p.done().completeExceptionally(health.downFailure());
            }
            return;
        }
        try {
            long start = System.nanoTime();
            write(work);
            stats.committed(work.size(), System.nanoTime() - start);
            for (Pending p : work) {
                p.done().complete(null);
            }
        } catch (SQLException e) {
            FailureKind kind = engine.classify(e);
            if (kind == FailureKind.REJECTED) {
                isolate(work, e);
            } else {
                failBatch(work, kind, Messages.of(e));
            }
        } catch (RuntimeException e) {
            LOG.debug("unexpected store failure", e);
            failBatch(work, FailureKind.OTHER, Messages.of(e));
        }
    }

    /** Writes each change list in its own transaction, so only the ones the database refuses fail. */
    private void isolate(List<Pending> work, SQLException first) {
        if (work.size() == 1) {
            reject(work.get(0), first);
            return;
        }
        for (int i = 0; i < work.size(); i++) {
            Pending p = work.get(i);
            try {
                long start = System.nanoTime();
                write(List.of(p));
                stats.committed(1, System.nanoTime() - start);
                p.done().complete(null);
            } catch (SQLException e) {
                FailureKind kind = engine.classify(e);
                if (kind != FailureKind.REJECTED) {
                    failBatch(work.subList(i, work.size()), kind, Messages.of(e));
                    return;
                }
                reject(p, e);
            } catch (RuntimeException e) {
                LOG.debug("unexpected store failure", e);
                failBatch(work.subList(i, work.size()), FailureKind.OTHER, Messages.of(e));
                return;
            }
        }
    }

    private void reject(Pending p, SQLException e) {
        stats.failed(1);
        String reason = Messages.of(e);
        health.rejected(reason);
        p.done().completeExceptionally(new StoreFailure(FailureKind.REJECTED,
                "store " + engine.describe() + " refused the change: " + reason));
    }

    private void failBatch(List<Pending> work, FailureKind kind, String reason) {
        if (kind.storeTrouble()) {
            engine.troubled();
        }
        closeConnection();
        health.down(kind, reason);
        backoffNanos = settings.minBackoff().toNanos();
        nextProbeAt = System.nanoTime() + backoffNanos;
        stats.failed(work.size());
        for (Pending p : work) {
            p.done().completeExceptionally(health.downFailure());
        }
    }

    /** One transaction for all of {@code work}; rolled back on failure. */
    private void write(List<Pending> work) throws SQLException {
        ensureConnection();
        try {
            for (Pending p : work) {
                writer.apply(p.changes());
            }
            writer.flush();
            connection.commit();
            writer.committed();
            engine.committed();
        } catch (SQLException | RuntimeException e) {
            writer.discard();
            rollbackQuietly();
            throw e;
        }
    }

    /** A real write; on success the store is up again. */
    private void probe() {
        try {
            ensureConnection();
            writer.probe(System.currentTimeMillis());
            health.up();
        } catch (SQLException | RuntimeException e) {
            if (e instanceof RuntimeException) {
                LOG.debug("unexpected failure of the store probe", e);
            }
            closeConnection();
            FailureKind kind = e instanceof SQLException sql ? engine.classify(sql) : FailureKind.OTHER;
            health.down(kind.storeTrouble() ? kind : FailureKind.OTHER, Messages.of(e));
            backoffNanos = Math.min(backoffNanos * 2, settings.maxBackoff().toNanos());
            nextProbeAt = System.nanoTime() + backoffNanos;
            LOG.debug("store {}: probe failed ({}), next in {} ms", engine.describe(), Messages.of(e),
                    backoffNanos / 1_000_000);
        }
    }

    private void ensureConnection() throws SQLException {
        if (connection == null) {
            connection = engine.connect(true);
            writer = new ChangeWriter(connection, engine.batchRows());
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the write already failed; the connection is dropped if the store is in trouble
        }
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        writer.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the store connection: {}", Messages.of(e));
        }
        connection = null;
        writer = null;
    }

    private void failRemaining(List<Pending> left) {
        List<Pending> all = new ArrayList<>(left);
        queue.drainTo(all);
        for (Pending p : all) {
            if (!isStop(p)) {
                p.done().completeExceptionally(new StoreFailure(FailureKind.CLOSED,
                        "store " + engine.describe() + " is closed"));
            }
        }
    }

    @SuppressWarnings("ReferenceEquality") // STOP is a sentinel instance: identity is what is meant
    private static boolean isStop(Pending p) {
        return p == Pending.STOP;
    }
}
