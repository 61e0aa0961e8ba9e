package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embedded store's write-ahead log back into the database file on its own thread and connection, so that
 * the writer's commits never wait for it (docs/decisions/store-engine.md, "checkpoints").
 *
 * <p>SQLite's default is an automatic checkpoint inside the commit that pushes the WAL past 1000 pages: that commit
 * then also writes those pages to the database file and syncs it, tens of milliseconds during which every
 * acknowledgement waits. Here the writer's automatic checkpoint is
 * only a backstop ({@link SqliteEngine#BACKSTOP_PAGES}), and this thread runs a {@code PASSIVE} checkpoint every
 * {@link #PERIOD}: it copies what no reader still needs, without taking the write lock, so the writer keeps
 * appending meanwhile. The log file itself starts again from its beginning only at the backstop: sqlite-jdbc opens
 * the writer's next transaction as soon as it commits, so the writer always holds a snapshot taken before this
 * thread's latest copy. By then nearly every page is already copied, and the backstop checkpoint costs the writer
 * little (docs/decisions/store-engine.md, "Checkpoints").
 *
 * <p>A checkpoint that fails (disk full, read-only file) is retried at the next period: the writer's own health
 * checks report store trouble. Thread-safe.
 */
final class WalCheckpointer implements AutoCloseable {
    /** How often the log is copied back. */
    static final Duration PERIOD = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final SqliteEngine engine;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopped = lock.newCondition();
    private boolean stop;
    private long checkpoints;

    WalCheckpointer(SqliteEngine engine) {
        this.engine = engine;
        this.thread = new Thread(this::run, "store-checkpoint-" + engine.name());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Connection connection = null;
        while (waitPeriod()) {
            try {
                if (connection == null) {
                    connection = engine.checkpointConnection();
                }
                checkpoint(connection);
            } catch (SQLException e) {
                LOG.debug("store {}: checkpoint failed: {}", engine.describe(), Messages.of(e));
                connection = closeQuietly(connection);
            }
        }
        closeQuietly(connection);
    }

    /** False once {@link #close} was called. */
    private boolean waitPeriod() {
        lock.lock();
        try {
            long nanos = PERIOD.toNanos();
            while (!stop && nanos > 0) {
                nanos = stopped.awaitNanos(nanos);
            }
            return !stop;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void checkpoint(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            // one row: busy flag, frames in the log, frames copied back
            if (r.next()) {
                lock.lock();
                try {
                    checkpoints++;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Checkpoints run so far (for tests). */
    long checkpoints() {
        lock.lock();
        try {
            return checkpoints;
        } finally {
            lock.unlock();
        }
    }

    private static Connection closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the checkpoint connection: {}", Messages.of(e));
            }
        }
        return null;
    }

    /** Stops the thread and closes its connection (waits at most a second). Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            stop = true;
            stopped.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
