package org.presencegw.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.presencegw.sip.store.BindingRow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GatewayStore} over JDBC, for every {@link Engine}: a bounded queue of change lists and one
 * {@link GroupCommitWriter} thread that writes them with group commit. {@code commit} only checks the state and
 * offers to the queue, so it never blocks: a full queue, a store known to be down or a closed store give a stage
 * that is already failed with a one-line {@link StoreFailure}. Loads use their own short-lived connection and one
 * consistent snapshot.
 *
 * <p>Thread-safe: any thread may commit, load or close; the writer thread alone writes.
 */
final class JdbcStore implements GatewayStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);
    private final Engine engine;
    private final WriterSettings settings;
    private final BlockingQueue<Pending> queue;
    private final StoreHealth health;
    private final CommitStats stats = new CommitStats();
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private JdbcStore(Engine engine, WriterSettings settings, Connection connection) {
        this.engine = engine;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.health = new StoreHealth(engine.describe(), new TroubleLog(LoggerFactory.getLogger(GatewayStore.class),
                System::nanoTime, settings.logInterval()));
        this.thread = new Thread(new GroupCommitWriter(engine, queue, health, settings, stats, connection),
                "store-writer-" + engine.name());
        // the writer releases the engine (the directory lock) when it ends, also after a close() from a callback
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects, migrates the schema and starts the writer; on failure releases the engine and says why. */
    static JdbcStore open(Engine engine, WriterSettings settings) throws StoreException {
        Connection connection = null;
        try {
            connection = engine.connect(true);
            Migrator.migrate(connection, engine);
            return new JdbcStore(engine, settings, connection);
        } catch (SQLException | StoreException | RuntimeException | LinkageError e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the first failure is the one reported
                }
            }
            engine.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            LOG.debug("cannot open the store", e);
            // sqlite-jdbc unpacks its native library into java.io.tmpdir: a noexec /tmp fails with a LinkageError
            String hint = e instanceof LinkageError ? " (set -Dorg.sqlite.tmpdir to a directory that allows exec)" : "";
            throw new StoreException("cannot open store " + engine.describe() + ": " + Messages.of(e) + hint);
        }
    }

    @Override
    public SipState load() throws StoreException {
        try (Connection c = engine.connect(false)) {
            SipState state = StateReader.readSip(c);
            c.commit();
            return state;
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + engine.describe() + ": " + Messages.of(e));
        }
    }

    @Override
    public List<XmppMemoryRow> loadXmppMemory() throws StoreException {
        try (Connection c = engine.connect(false)) {
            List<XmppMemoryRow> rows = StateReader.readXmpp(c);
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw new StoreException("cannot read store " + engine.describe() + ": " + Messages.of(e));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A {@link SipChange.ReplaceBindings} whose rows name another address of record is a programmer error: the
     * stage fails with {@link IllegalArgumentException} and nothing is written.
     */
    @Override
    public CompletionStage<Void> commit(List<SipChange> changes) {
        List<SipChange> copy = List.copyOf(changes);
        for (SipChange change : copy) {
            if (change instanceof SipChange.ReplaceBindings replace) {
                for (BindingRow row : replace.bindings()) {
                    if (!row.aor().equals(replace.aor())) {
                        return CompletableFuture.failedStage(new IllegalArgumentException("binding of " + row.aor()
                                + " in ReplaceBindings of " + replace.aor()));
                    }
                }
            }
        }
        return submit(copy);
    }

    @Override
    public CompletionStage<Void> commitXmpp(List<XmppChange> changes) {
        return submit(List.copyOf(changes));
    }

    @Override
    public CompletionStage<Void> replaceSipState(SipState state) {
        Objects.requireNonNull(state, "state");
        List<Object> changes = new ArrayList<>();
        changes.add(ChangeWriter.Clear.SIP);
        state.subscriptions().forEach(row -> changes.add(new SipChange.PutSubscription(row)));
        Map<String, List<BindingRow>> byAor = new LinkedHashMap<>();
        state.bindings().forEach(row -> byAor.computeIfAbsent(row.aor(), a -> new ArrayList<>()).add(row));
        byAor.forEach((aor, rows) -> changes.add(new SipChange.ReplaceBindings(aor, rows)));
        state.publications().forEach(row -> changes.add(new SipChange.PutPublication(row)));
        return submit(changes);
    }

    @Override
    public CompletionStage<Void> replaceXmppMemory(List<XmppMemoryRow> rows) {
        List<Object> changes = new ArrayList<>();
        changes.add(ChangeWriter.Clear.XMPP);
        rows.forEach(row -> changes.add(new XmppChange.PutMemory(row)));
        return submit(changes);
    }

    private CompletionStage<Void> submit(List<?> changes) {
        if (closed.get()) {
            return CompletableFuture.failedStage(new StoreFailure(FailureKind.CLOSED,
                    "store " + engine.describe() + " is closed"));
        }
        if (!health.healthy()) {
            stats.failed(1);
            return CompletableFuture.failedStage(health.downFailure());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Pending(changes, done))) {
            stats.failed(1);
            return CompletableFuture.failedStage(new StoreFailure(FailureKind.QUEUE_FULL, "store "
                    + engine.describe() + " is overloaded (" + settings.queueCapacity() + " commits waiting)"));
        }
        return done.minimalCompletionStage();
    }

    @Override
    public boolean healthy() {
        return health.healthy();
    }

    @Override
    public CommitStats commitStats() {
        return stats;
    }

    @Override
    public void onRecovered(Runnable listener) {
        health.onRecovered(listener);
    }

    @Override
    public String describe() {
        return engine.describe();
    }

    /** Writes what is queued (waiting at most the close timeout), stops the writer and releases the store. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeout = settings.closeTimeout().toMillis();
        try {
            if (Thread.currentThread() == thread) {
                queue.offer(Pending.STOP);
                return; // called from a completion callback: the writer stops when the callback returns
            }
            if (!queue.offer(Pending.STOP, timeout, TimeUnit.MILLISECONDS)) {
                thread.interrupt();
            }
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("store {}: the writer did not finish within {} ms; commits still queued are lost",
                    engine.describe(), timeout);
        }
        engine.close();
    }
}
