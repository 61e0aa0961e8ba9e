package org.presencegw.xmpp;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the gateway's XMPP accounts and owns the threads they share (created once by {@code main}):
 * <ul>
 * <li>{@code events}: a small pool on which each account runs its own ordered lane (state changes, stanzas out,
 * listener calls);</li>
 * <li>{@code connector}: a small pool for the blocking first connect + login attempts;</li>
 * <li>{@code timers}: one scheduler thread for retry delays.</li>
 * </ul>
 * Beyond these, each connection has only Smack's own threads (reader, writer, Smack's cached executor).
 *
 * <pre>{@code
 * try (XmppAccounts accounts = new XmppAccounts()) {
 *     XmppAccount alice = accounts.open(endpoint, new XmppCredentials(aliceJid, secret), listener);
 *     alice.setOwnPresence(OwnPresence.AVAILABLE);   // now contacts' presence is received
 * }
 * }</pre>
 */
public final class XmppAccounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XmppAccounts.class);
    private static final int DEFAULT_EVENT_THREADS = 2;
    private static final int DEFAULT_CONNECT_THREADS = 4;

    private final ExecutorService events;
    private final ExecutorService connector;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final List<SmackXmppAccount> accounts = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Two event threads, four connect threads, one timer thread. */
    public XmppAccounts() {
        this(DEFAULT_EVENT_THREADS, DEFAULT_CONNECT_THREADS, Clock.systemUTC());
    }

    public XmppAccounts(int eventThreads, int connectThreads, Clock clock) {
        this.events = Executors.newFixedThreadPool(eventThreads, daemon("xmpp-events"));
        this.connector = Executors.newFixedThreadPool(connectThreads, daemon("xmpp-connect"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("xmpp-timer"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates the account and starts connecting in the background; returns at once. Until the first login
     * succeeds the attempts repeat with a growing delay (reconnectDelay doubling up to 30 s); after that, drops are
     * handled by Smack's ReconnectionManager every reconnectDelay (whole seconds, at least 1).
     *
     * @throws IllegalArgumentException when the endpoint cannot be used (bad resource, unreadable trusted cert)
     * @throws IllegalStateException after {@link #close()}
     */
    public SmackXmppAccount open(XmppEndpoint endpoint, XmppCredentials credentials, XmppAccountListener listener) {
        if (closed) {
            throw new IllegalStateException("XmppAccounts closed");
        }
        SmackXmppAccount account =
                new SmackXmppAccount(endpoint, credentials, listener, events, connector, timers, clock);
        accounts.add(account);
        account.start();
        return account;
    }

    /** Closes every account (unavailable + logout) and stops the shared threads, waiting up to 5 s. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        accounts.forEach(SmackXmppAccount::close);
        connector.shutdown();
        timers.shutdownNow();
        try {
            if (!connector.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("XMPP logouts still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.shutdown();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
