package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the embedded store's write-ahead log back into the database file on a thread of its own,
 * {@code store-checkpoint}, on a connection of its own: SQLite's PASSIVE checkpoint, which runs beside the writer's
 * commits without blocking them. Without it SQLite checkpoints inside the commit that takes the log past its
 * threshold, and every answer waiting for that commit also waits for the copy and its two syncs (one burst of
 * slow answers every ~150 ms at 1000 requests/s; bench/FINDINGS.md, "Session 32"). The writer keeps its own
 * automatic checkpoint, at a higher threshold, as the backstop should this thread fall behind or fail.
 *
 * <p>It runs only after the writer committed ({@link #committed}), at most once per {@value #INTERVAL_MILLIS} ms:
 * an idle store costs nothing. The log restarts from its beginning when the writer's next transaction begins
 * after a checkpoint that copied all of it, which is why the writer's transactions must begin at their first
 * statement (deferred), not right after the previous commit.
 *
 * <p>A failing checkpoint logs one warning (at most one per 30 s) and one line when checkpoints work again. On store
 * trouble the writer has it close its connection ({@link #release}) before closing its own.
 *
 * <p>{@link #committed} and {@link #release} are called by the writer thread only; {@link #close} by any thread.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** The shortest time between two checkpoints. */
    static final long INTERVAL_MILLIS = 50;
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS);
    private static final long CLOSE_WAIT_MILLIS = 5000;
    private static final long RELEASE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** At most one warning per this time, however often the checkpoints fail and work again. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Opens the checkpointer's connection. */
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final String store;
    private final Thread thread;
    private volatile long commits; // written by the writer thread only
    private volatile boolean waiting;
    private volatile boolean closed;
    private volatile long runs;
    private volatile long releaseAsked; // written by the writer thread only
    private volatile long released;
    private volatile long copiedThrough;

    WalCheckpointer(Connector connector, String store) {
        this.connector = connector;
        this.store = store;
        this.thread = new Thread(this::run, "store-checkpoint");
        thread.setDaemon(true);
        thread.start();
    }

    /** The writer committed a transaction: a checkpoint is due within {@value #INTERVAL_MILLIS} ms. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer thread increments it
    void committed() {
        commits++;
        if (waiting) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Closes the thread's connection, waiting up to a second for it; the thread opens one again after the next
     * {@link #committed}. Called by the writer thread.
     */
    @SuppressWarnings("NonAtomicVolatileUpdate") // one writer thread increments it
    void release() {
        long asked = ++releaseAsked;
        LockSupport.unpark(thread);
        long end = System.nanoTime() + RELEASE_WAIT_NANOS;
        while (released < asked && thread.isAlive() && System.nanoTime() < end) {
            LockSupport.parkNanos(100_000);
        }
    }

    /** Whether the thread runs (for tests). */
    boolean alive() {
        return thread.isAlive();
    }

    /** Checkpoints run so far (for tests). */
    long runs() {
        return runs;
    }

    /**
     * How many of the writer's commits the log held at the start of the last checkpoint that copied all of it: their
     * changes are in the database file (for tests).
     */
    long copiedThrough() {
        return copiedThrough;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // this thread alone writes runs
    private void run() {
        Connection connection = null;
        boolean failing = false;
        boolean warned = false; // about the failure going on
        long lastWarning = 0;
        long seen = 0;
        while (!closed) {
            long asked = releaseAsked;
            if (released < asked) {
                connection = closeQuietly(connection);
                seen = commits;
                released = asked;
            }
            long now = commits;
            if (now == seen) {
                waiting = true;
                if (commits == seen && releaseAsked == released && !closed) {
                    LockSupport.park(this);
                }
                waiting = false;
                continue;
            }
            seen = now;
            try {
                if (connection == null) {
                    connection = connector.connect();
                }
                if (checkpoint(connection)) {
                    copiedThrough = now;
                }
                runs++;
                if (failing && warned) {
                    LOG.info("store {}: background checkpoints work again", store);
                }
                failing = false;
            } catch (SQLException | RuntimeException e) {
                connection = closeQuietly(connection);
                if (!failing) {
                    failing = true;
                    long t = System.nanoTime();
                    warned = lastWarning == 0 || t - lastWarning >= WARN_EVERY_NANOS;
                    if (warned) {
                        lastWarning = t | 1; // never 0 once set
                        LOG.warn("store {}: background checkpoint failed ({}); the writer checkpoints itself past {}"
                                + " pages of log", store, Messages.of(e), SqliteEngine.BACKSTOP_PAGES);
                    }
                }
                LOG.debug("background checkpoint failure", e);
            }
            LockSupport.parkNanos(this, INTERVAL_NANOS);
        }
        closeQuietly(connection);
    }

    /** One PASSIVE checkpoint; true when it copied the whole log. */
    private static boolean checkpoint(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            // one row: busy (0/1), frames in the log, frames copied back (-1 and -1 when not in WAL mode)
            return r.next() && r.getInt(1) == 0 && r.getInt(2) == r.getInt(3);
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

    /** Stops the thread (waiting for a checkpoint under way) and closes its connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("store {}: the checkpoint thread did not stop within {} ms", store, CLOSE_WAIT_MILLIS);
        }
    }
}
