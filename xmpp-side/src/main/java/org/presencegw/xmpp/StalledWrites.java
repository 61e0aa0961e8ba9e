package org.presencegw.xmpp;

import java.lang.reflect.Field;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.internal.ModularXmppClientToServerConnectionInternal;
import org.jivesoftware.smack.tcp.XmppTcpTransportModule;
import org.jivesoftware.smack.tcp.XmppTcpTransportModuleDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a modular connection's stuck outgoing elements written: a lost wakeup in Smack 4.4.8's TCP transport.
 *
 * <p>A thread that queues an element asks the reactor for write interest; the reactor thread that ends a read
 * callback asks for the interest it computed, read only if the queue looked empty. Both requests go through one
 * FIFO that the next {@code select()} applies in order, so when the element is queued just after the callback's
 * look and its request overtakes the callback's, the callback's read-only interest wins and the element stays in
 * the queue until something else is sent. During a login nothing else is: the stream open that follows a SASL
 * success (queued by the login thread the moment the reactor thread, still inside its callback, hands it the
 * success) waited 15 s for the reply timeout, then the attempt failed and was retried after a backoff. Seen on
 * this machine in three cold starts of 1,000 accounts out of three, one account each (bench/FINDINGS.md, session 9).
 *
 * <p>{@link #check} is called for every connection on a short period (the accounts' timer, through {@link Watch}):
 * when the head of a connection's outgoing queue is the same element as at the last check, write interest is asked
 * for again. That is harmless when the connection was not stuck (the reactor finds nothing to write, or writes what
 * a full socket buffer held back). Reaches Smack's private fields; if an upgrade renames them, this logs one warning
 * and does nothing (docs/STACK.md §2). Not thread-safe: one timer thread checks.
 */
final class StalledWrites {
    private static final Logger LOG = LoggerFactory.getLogger(StalledWrites.class);
    private static final Field INTERNAL = field(ModularXmppClientToServerConnection.class, "connectionInternal");
    private static final Field KEY = field(XmppTcpTransportModule.class, "selectionKey");
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final LongAdder NUDGES = new LongAdder();

    private final Object account;
    private final ModularXmppClientToServerConnectionInternal internal;
    private final XmppTcpTransportModule module;
    private Object lastHead;

    private StalledWrites(Object account, ModularXmppClientToServerConnectionInternal internal,
                          XmppTcpTransportModule module) {
        this.account = account;
        this.internal = internal;
        this.module = module;
    }

    /**
     * The watch of one connection; empty when Smack's internals are not as expected (warned once).
     *
     * @param account names the connection in the log
     */
    static Optional<StalledWrites> of(Object account, ModularXmppClientToServerConnection connection) {
        if (INTERNAL == null || KEY == null) {
            return Optional.empty();
        }
        try {
            XmppTcpTransportModule module =
                    connection.getConnectionModuleFor(XmppTcpTransportModuleDescriptor.class);
            Object internal = INTERNAL.get(connection);
            if (module == null || !(internal instanceof ModularXmppClientToServerConnectionInternal i)) {
                return Optional.empty();
            }
            return Optional.of(new StalledWrites(account, i, module));
        } catch (IllegalAccessException | RuntimeException e) {
            warn("cannot watch Smack's outgoing queue (" + e + "); a lost write wakeup waits for the reply timeout");
            return Optional.empty();
        }
    }

    /**
     * Asks for write interest again when the queue's head has not moved since the last call.
     *
     * @return whether it asked
     */
    boolean check() {
        Queue<?> queue = internal.outgoingElementsQueue;
        Object head = queue.peek();
        boolean stuck = head != null && head == lastHead;
        lastHead = stuck ? null : head;
        if (!stuck) {
            return false;
        }
        try {
            if (KEY.get(module) instanceof SelectionKey key && key.isValid()) {
                internal.setInterestOps(key, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                NUDGES.increment();
                LOG.debug("{}: outgoing {} stuck in Smack's queue; write interest asked for again", account,
                        head.getClass().getSimpleName());
                return true;
            }
        } catch (IllegalAccessException | RuntimeException e) {
            warn("cannot ask Smack's reactor for write interest (" + e + ")");
        }
        return false;
    }

    /**
     * The current connection of every account, checked together on the accounts' timer. Thread-safe: a new
     * connection replaces its account's entry from any thread; only the timer thread checks.
     */
    static final class Watch {
        private final Map<Object, StalledWrites> current = new ConcurrentHashMap<>(); // by owner

        /**
         * From now on {@code connection} is the one of {@code owner} that is checked.
         *
         * @param owner the account's keeper, compared by identity: a mapping removed and added again while the old
         *              one logs out gets a new owner, and the old one's {@link #forget} leaves it watched
         * @param name  names the connection in the log (the account's JID)
         */
        void watch(Object owner, Object name, ModularXmppClientToServerConnection connection) {
            Optional<StalledWrites> w = of(name, connection);
            if (w.isPresent()) {
                current.put(owner, w.get());
            } else {
                current.remove(owner);
            }
        }

        /** {@code owner} is closed: its last connection is no longer checked (nor kept). */
        void forget(Object owner) {
            current.remove(owner);
        }

        /** Accounts watched now (tests). */
        int size() {
            return current.size();
        }

        /** One {@link StalledWrites#check} of each account's current connection. */
        void checkAll() {
            for (StalledWrites w : current.values()) {
                try {
                    w.check();
                } catch (RuntimeException e) { // one connection's trouble must not end the periodic check of all
                    LOG.warn("{}: checking its outgoing queue failed: {}", w.account, e.toString());
                }
            }
        }
    }

    /** How many times any connection's writes were found stuck and restarted, since the JVM started. */
    static long nudges() {
        return NUDGES.sum();
    }

    private static Field field(Class<?> type, String name) {
        return PrivateFields.open(type, name, StalledWrites::warn, "stuck writes are not restarted");
    }

    private static void warn(String message) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("{}", message);
        }
    }
}
