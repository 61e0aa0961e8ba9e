package org.presencegw.xmpp;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one account's session up: the first login and every reconnect go through one loop. Each attempt takes a
 * fresh Smack connection (a modular connection that failed once cannot be trusted to connect again, and one whose
 * TCP connect failed leaks, so the port is probed first: {@link TcpProbe}; docs/STACK.md §4), connects and logs in
 * (blocking) on the shared connector pool at a slot given by the shared
 * {@link LoginPacer}, after a {@link Backoff} delay that doubles per failure up to 30 s, with jitter. Smack's
 * ReconnectionManager is not used: it starts a thread per reconnecting connection and knows no rate limit.
 *
 * <p>A session ends when Smack reports an error, or when the keepalive (an XEP-0199 ping to our server every
 * {@code keepalive}) gets no answer: Smack 4.4.8's modular connection does not notice a TCP connection the server
 * closed (docs/STACK.md §4). Thread-safe.
 */
final class ConnectionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionKeeper.class);

    private final EntityBareJid jid;
    private final Supplier<AbstractXMPPConnection> newConnection;
    private final Supplier<Optional<String>> reachable;
    private final Consumer<String> onLost;
    private final AccountsContext shared;
    private final Duration base;
    private final Duration keepalive;
    private final AtomicInteger attempts = new AtomicInteger();
    private AbstractXMPPConnection current;
    private ScheduledFuture<?> pending;
    private ScheduledFuture<?> pinger;
    private int failures;
    private boolean loggedInOnce;
    private boolean outageLogged;
    private boolean attempting;
    private boolean lostWhileAttempting;
    private boolean stopped;

    /**
     * @param newConnection makes and wires a new connection, which becomes the account's current one
     * @param reachable     empty when the server's port answers now ({@link TcpProbe}), else why not
     * @param onLost        the current session ended (not by us), with the reason; called once per session
     */
    ConnectionKeeper(EntityBareJid jid, Supplier<AbstractXMPPConnection> newConnection,
                     Supplier<Optional<String>> reachable, Consumer<String> onLost, AccountsContext shared,
                     Duration base, Duration keepalive) {
        this.jid = jid;
        this.newConnection = newConnection;
        this.reachable = reachable;
        this.onLost = onLost;
        this.shared = shared;
        this.base = base;
        this.keepalive = keepalive;
    }

    /** Starts the first login (paced, no backoff). */
    synchronized void start() {
        schedule(Duration.ZERO);
    }

    /** The session on {@code connection} ended without us asking: reconnect after a jittered delay. */
    void lost(AbstractXMPPConnection connection, String why) {
        synchronized (this) {
            if (stopped || connection != current) {
                return;
            }
            current = null; // once per session
            cancelPinger();
            if (attempting) {
                lostWhileAttempting = true; // the attempt in progress decides what comes next
            } else if (!isRetryScheduled()) {
                Duration delay = Backoff.delay(base, 0, ThreadLocalRandom.current());
                if (loggedInOnce && !outageLogged) {
                    LOG.warn("{}: connection lost ({}); reconnecting in {} ms", jid, why, delay.toMillis());
                    outageLogged = true;
                }
                schedule(delay);
            }
        }
        execute(connection::instantShutdown);
        onLost.accept(why);
    }

    /** Stops retrying and reconnecting, then logs out (on the connector, it may block). Idempotent. */
    void stop() {
        AbstractXMPPConnection last;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
            }
            cancelPinger();
            last = current;
        }
        execute(() -> {
            if (last != null) {
                last.disconnect(); // its stuck writes (the logout's) still get nudged until it is closed
                LOG.info("{}: closed", jid);
            }
            shared.writes().forget(this);
        });
    }

    /**
     * An operator asked for a reconnect: end the current session (a clean logout, so contacts see it go) and log in
     * again at once (paced, no backoff) on a fresh connection. Without a session (before the first login, during an
     * outage) there is nothing to do: the loop is already trying. Never blocks.
     */
    void reconnectNow() {
        AbstractXMPPConnection dropped;
        synchronized (this) {
            if (stopped || attempting || current == null || isRetryScheduled()) {
                return;
            }
            dropped = current;
            current = null; // its end is ours: lost() ignores it
            cancelPinger();
        }
        LOG.info("{}: reconnecting on an operator's request", jid);
        onLost.accept("reconnect requested by an operator");
        execute(() -> {
            dropped.disconnect();
            synchronized (this) {
                if (!stopped && current == null && !attempting && !isRetryScheduled()) {
                    schedule(Duration.ZERO);
                }
            }
        });
    }

    int attempts() {
        return attempts.get();
    }

    synchronized boolean isAttempting() {
        return attempting;
    }

    synchronized boolean isRetryScheduled() {
        return pending != null && !pending.isDone();
    }

    private void schedule(Duration backoff) {
        long wait = shared.pacer().reserve(backoff.toNanos());
        try {
            pending = shared.timers().schedule(() -> execute(this::attempt), wait, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: timers shut down, no further attempt", jid);
        }
    }

    private void execute(Runnable task) {
        try {
            shared.connector().execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: connector shut down", jid);
        }
    }

    private void attempt() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            attempting = true;
            lostWhileAttempting = false;
        }
        attempts.incrementAndGet();
        Optional<String> unreachable = reachable.get();
        if (unreachable.isPresent()) {
            failed(null, unreachable.get(), false);
            return;
        }
        AbstractXMPPConnection connection;
        synchronized (this) {
            connection = newConnection.get();
            current = connection;
        }
        try {
            connection.connect();
            connection.login();
        } catch (SASLErrorException e) {
            // One clear line, no stack trace: a wrong password is a configuration problem, not a crash.
            failed(connection, "authentication failed (" + e.getMessage() + "); check the account's password", true);
            return;
        } catch (SmackException | IOException | XMPPException | RuntimeException e) {
            failed(connection, "cannot log in to " + connection.getXMPPServiceDomain() + " ("
                    + SmackErrors.describe(e) + ")", false);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(connection, "interrupted", false);
            return;
        }
        synchronized (this) {
            attempting = false;
            if (stopped) {
                execute(connection::disconnect);
                return;
            }
            if (lostWhileAttempting || current != connection || !connection.isAuthenticated()) {
                lostWhileAttempting = false;
                current = null;
                execute(connection::instantShutdown);
                schedule(Backoff.delay(base, 0, ThreadLocalRandom.current()));
                return;
            }
            if (outageLogged || failures > 0) {
                LOG.info("{}: logged in after {} attempt(s)", jid, failures + 1);
            }
            failures = 0;
            outageLogged = false;
            loggedInOnce = true;
            startPinger(connection);
        }
    }

    /** A failed attempt; {@code connection} is null when none was made (the port did not answer). */
    private void failed(AbstractXMPPConnection connection, String why, boolean error) {
        if (connection != null) {
            connection.instantShutdown();
        }
        synchronized (this) {
            attempting = false;
            lostWhileAttempting = false;
            if (connection != null && current == connection) {
                current = null;
            }
            if (stopped) {
                return;
            }
            Duration delay = Backoff.delay(base, failures, ThreadLocalRandom.current());
            failures++;
            if (!outageLogged) {
                if (error) {
                    LOG.error("{}: {}; retrying, up to every {} s", jid, why, Backoff.MAX.toSeconds());
                } else {
                    LOG.warn("{}: {}; retrying, up to every {} s", jid, why, Backoff.MAX.toSeconds());
                }
                outageLogged = true;
            } else {
                LOG.debug("{}: attempt {}: {}; next in {} ms", jid, attempts.get(), why, delay.toMillis());
            }
            schedule(delay);
        }
    }

    /** Pings our server every {@code keepalive} (first one after a random part of it, to spread them out). */
    private void startPinger(AbstractXMPPConnection connection) {
        long period = keepalive.toMillis();
        long first = ThreadLocalRandom.current().nextLong(period / 2, period + 1);
        try {
            pinger = shared.timers().scheduleWithFixedDelay(() -> ping(connection), first, period,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: timers shut down, no keepalive", jid);
        }
    }

    private void ping(AbstractXMPPConnection connection) {
        if (!connection.isAuthenticated()) {
            lost(connection, "not connected any more");
            return;
        }
        connection.sendIqRequestAsync(new PingIq(), Math.max(1000, keepalive.toMillis()))
                .onError(e -> {
                    if (!(e instanceof XMPPException.XMPPErrorException)) { // an error reply is a reply
                        lost(connection, "keepalive: " + SmackErrors.describe(e));
                    }
                });
    }

    private void cancelPinger() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }
}
