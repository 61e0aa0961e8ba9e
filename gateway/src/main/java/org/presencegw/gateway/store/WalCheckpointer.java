package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embedded store's write-ahead log into the database file on a thread of its own, so that the writer's
 * commits do not do it (bench/FINDINGS.md, sessions 6 and 10). After commits it runs a PASSIVE checkpoint at most
 * every {@code intervalMs} on its own connection, in auto-commit mode (no snapshot held, so it never keeps the log
 * from restarting). PASSIVE never waits for the writer or a reader and never blocks them; what it could not copy
 * is copied by the next pass, or by the writer's own automatic checkpoint, which stays on as a backstop
 * ({@link SqliteEngine#CHECKPOINT_PAGES}) and then finds little left to copy. A failed pass is logged at DEBUG
 * and retried after the next commit: the backstop covers a checkpointer in trouble.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** Opens the checkpointer's connection. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final long intervalMs;
    private final String name;
    private final Thread thread;
    private final AtomicLong passes = new AtomicLong();
    private final Object lock = new Object();
    private boolean dirty; // guarded by lock
    private boolean closed; // guarded by lock
    private Connection connection; // the thread's

    WalCheckpointer(Connector connector, long intervalMs, String name) {
        this.connector = connector;
        this.intervalMs = intervalMs;
        this.name = name;
        this.thread = new Thread(this::run, "store-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** The writer committed: the log has frames to copy. Cheap; called once per commit. */
    void committed() {
        synchronized (lock) {
            if (!dirty) {
                dirty = true;
                lock.notifyAll();
            }
        }
    }

    /** Checkpoint passes run so far (tests). */
    long passes() {
        return passes.get();
    }

    private void run() {
        try {
            while (awaitWork()) {
                checkpoint();
                synchronized (lock) { // at most one pass per interval, however often the writer commits
                    long until = System.nanoTime() + intervalMs * 1_000_000;
                    for (long left = intervalMs; left > 0 && !closed; left = (until - System.nanoTime()) / 1_000_000) {
                        lock.wait(left);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    private boolean awaitWork() throws InterruptedException {
        synchronized (lock) {
            while (!dirty && !closed) {
                lock.wait();
            }
            dirty = false;
            return !closed;
        }
    }

    private void checkpoint() {
        try {
            if (connection == null) {
                connection = connector.connect();
                connection.setAutoCommit(true);
            }
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                r.next();
            }
            passes.incrementAndGet();
        } catch (SQLException e) {
            LOG.debug("store {}: background checkpoint failed ({}); the writer's own checkpoint covers it", name,
                    Messages.of(e));
            disconnect();
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the checkpoint connection: {}", Messages.of(e));
            }
            connection = null;
        }
    }

    /** Stops the thread after its current pass (waits up to 5 s). Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
