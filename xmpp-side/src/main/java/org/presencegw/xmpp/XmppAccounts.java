package org.presencegw.xmpp;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the gateway's XMPP accounts and owns what they share (created once by {@code main}):
 * <ul>
 * <li>{@code xmpp-events-1..2}: the pool on which each account runs its own ordered lane (state changes, stanzas
 * out, listener calls);</li>
 * <li>{@code xmpp-connect-N}: the pool for the blocking connect + login attempts, up to {@value #CONNECT_THREADS} at
 * once; a thread ends after {@value #CONNECT_IDLE_SECONDS} s without an attempt, so they exist only while accounts
 * log in;</li>
 * <li>{@code xmpp-timer}: one scheduler thread for retry delays, grace periods and the check for writes Smack's
 * reactor left in a connection's queue ({@link StalledWrites});</li>
 * <li>the {@link LoginPacer} ({@link XmppPolicy#loginsPerSecond()}) and the {@link SubscriptionMemory}.</li>
 * </ul>
 * The connections themselves have no threads of their own: Smack's modular connection does its I/O on the shared
 * SmackReactor (two threads) and calls listeners on Smack's shared cached executor (docs/STACK.md §2).
 *
 * <pre>{@code
 * try (XmppAccounts accounts = new XmppAccounts(XmppPolicy.DEFAULTS)) {
 *     XmppAccount alice = accounts.open(endpoint, new XmppCredentials(aliceJid, secret), listener);
 *     alice.setOwnPresence(OwnPresence.AVAILABLE);   // now contacts' presence is received
 * }
 * }</pre>
 */
public final class XmppAccounts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XmppAccounts.class);
    private static final int EVENT_THREADS = 2;
    /**
     * Logins in flight at once. A login is some eight round trips, mostly waiting: with 16, 1,000 accounts logging
     * in against ejabberd left a core idle (10.0 s); with 32, 9.0 s (bench/FINDINGS.md, session 13).
     */
    static final int CONNECT_THREADS = 32;
    static final int CONNECT_IDLE_SECONDS = 30;
    /** How often each connection's outgoing queue is looked at: a lost write waits one to two periods. */
    static final long WRITE_CHECK_MS = 500;

    private final ExecutorService events;
    private final ExecutorService connector;
    private final ScheduledExecutorService timers;
    private final AccountsContext shared;
    private final List<SmackXmppAccount> accounts = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Default policy, in-memory subscription memory. */
    public XmppAccounts() {
        this(XmppPolicy.DEFAULTS);
    }

    /** The policy's login rate and an in-memory subscription memory with its quiet period. */
    public XmppAccounts(XmppPolicy policy) {
        this(policy, new InMemorySubscriptionMemory(policy.resubscribeQuietPeriod()));
    }

    /**
     * @param policy only {@link XmppPolicy#loginsPerSecond()} is used here; every account takes the rest from its
     *               endpoint's policy
     * @param memory where refusals are remembered (a durable store plugs in here)
     */
    public XmppAccounts(XmppPolicy policy, SubscriptionMemory memory) {
        this(policy, memory, Clock.systemUTC());
    }

    public XmppAccounts(XmppPolicy policy, SubscriptionMemory memory, Clock clock) {
        RosterFeed.disableSmackRoster(); // first: before anything here initialises Smack
        LenientPresenceParsing.install();
        this.events = Executors.newFixedThreadPool(EVENT_THREADS, daemon("xmpp-events"));
        ThreadPoolExecutor connect = new ThreadPoolExecutor(CONNECT_THREADS, CONNECT_THREADS, CONNECT_IDLE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("xmpp-connect"));
        connect.allowCoreThreadTimeOut(true);
        this.connector = connect;
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("xmpp-timer"));
        StalledWrites.Watch writes = new StalledWrites.Watch();
        this.shared = new AccountsContext(events, connector, timers, new LoginPacer(policy.loginsPerSecond()),
                Objects.requireNonNull(memory, "memory"), Objects.requireNonNull(clock, "clock"), writes);
        // Never completes while the timer runs: checkAll catches what one connection throws.
        var unused = timers.scheduleWithFixedDelay(writes::checkAll, WRITE_CHECK_MS, WRITE_CHECK_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the account and starts connecting in the background; returns at once. The first login and every
     * reconnect after a drop are paced ({@link XmppPolicy#loginsPerSecond()}) and retried with a jittered delay
     * that starts at the endpoint's reconnect delay and doubles per failure up to 30 s.
     *
     * @throws IllegalArgumentException when the endpoint cannot be used (bad resource, unreadable trusted cert)
     * @throws IllegalStateException after {@link #close()}
     */
    public SmackXmppAccount open(XmppEndpoint endpoint, XmppCredentials credentials, XmppAccountListener listener) {
        if (closed) {
            throw new IllegalStateException("XmppAccounts closed");
        }
        SmackXmppAccount account = new SmackXmppAccount(endpoint, credentials, listener, shared);
        accounts.add(account);
        account.start();
        return account;
    }

    /** Connections whose outgoing queue the timer checks now, one per open account at most (tests). */
    int watchedConnections() {
        return shared.writes().size();
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
