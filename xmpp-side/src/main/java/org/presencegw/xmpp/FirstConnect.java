package org.presencegw.xmpp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first connect and login of one account, retried with a doubling delay (from the endpoint's reconnect delay up
 * to {@link #MAX_DELAY}) until it succeeds or the account is closed. Smack's ReconnectionManager only handles drops
 * after a first success (docs/STACK.md §4). Attempts block, so they run on the shared connector executor; the waits are
 * timers on the shared scheduler.
 */
final class FirstConnect {
    private static final Logger LOG = LoggerFactory.getLogger(FirstConnect.class);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final EntityBareJid jid;
    private final XMPPTCPConnection connection;
    private final Executor connector;
    private final ScheduledExecutorService timers;
    private final Duration initialDelay;
    private final Runnable onSuccess;
    private final AtomicInteger attempts = new AtomicInteger();
    private Duration delay;
    private ScheduledFuture<?> pending;
    private boolean stopped;
    private boolean failureLogged;

    FirstConnect(EntityBareJid jid, XMPPTCPConnection connection, Executor connector,
                 ScheduledExecutorService timers, Duration initialDelay, Runnable onSuccess) {
        this.jid = jid;
        this.connection = connection;
        this.connector = connector;
        this.timers = timers;
        this.initialDelay = initialDelay.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : initialDelay;
        this.delay = this.initialDelay;
        this.onSuccess = onSuccess;
    }

    void start() {
        connector.execute(this::attempt);
    }

    /** Cancels the pending retry; an attempt in progress finishes and then stops. */
    synchronized void stop() {
        stopped = true;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    int attempts() {
        return attempts.get();
    }

    synchronized boolean isRetryScheduled() {
        return pending != null && !pending.isDone();
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private void attempt() {
        if (isStopped()) {
            return;
        }
        attempts.incrementAndGet();
        try {
            if (!connection.isConnected()) {
                connection.connect();
            }
            connection.login();
        } catch (SASLErrorException e) {
            // One clear line, no stack trace: a wrong password is a configuration problem, not a crash.
            failed("authentication failed (" + e.getMessage() + "); check the account's password", true);
            return;
        } catch (SmackException | IOException | XMPPException e) {
            failed("cannot log in to " + connection.getXMPPServiceDomain() + " (" + describe(e) + ")", false);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (failureLogged) {
            LOG.info("{}: logged in after {} attempts", jid, attempts.get());
        }
        onSuccess.run();
    }

    private void failed(String why, boolean error) {
        connection.disconnect();
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (!failureLogged && error) {
                LOG.error("{}: {}; retrying, up to every {} s", jid, why, MAX_DELAY.toSeconds());
            } else if (!failureLogged) {
                LOG.warn("{}: {}; retrying, up to every {} s", jid, why, MAX_DELAY.toSeconds());
            } else {
                LOG.debug("{}: attempt {}: {}; next in {} ms", jid, attempts.get(), why, delay.toMillis());
            }
            failureLogged = true;
            pending = timers.schedule(() -> connector.execute(this::attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        }
    }

    /** The exception and its root cause on one line, for a log line without a stack trace. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
