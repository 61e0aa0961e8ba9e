package org.presencegw.xmpp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one account's connection up: the first connect and login, retried by {@link FirstConnect} (Smack's
 * ReconnectionManager never retries a first connect, docs/STACK.md), then drops handled by Smack's
 * ReconnectionManager with a fixed delay of whole seconds. Thread-safe.
 */
final class ConnectionKeeper {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionKeeper.class);

    private final EntityBareJid jid;
    private final XMPPTCPConnection connection;
    private final Executor connector;
    private final FirstConnect firstConnect;
    private final int reconnectSeconds;
    private final ScheduledExecutorService timers;
    private volatile boolean loggedIn;
    private volatile boolean stopped;

    ConnectionKeeper(EntityBareJid jid, XMPPTCPConnection connection, Executor connector,
                     ScheduledExecutorService timers, Duration reconnectDelay) {
        this.jid = jid;
        this.connection = connection;
        this.connector = connector;
        this.reconnectSeconds = (int) Math.max(1, reconnectDelay.toSeconds());
        this.timers = timers;
        this.firstConnect = new FirstConnect(jid, connection, connector, timers, reconnectDelay,
                this::firstLoginSucceeded);
        ReconnectionManager.getInstanceFor(connection).disableAutomaticReconnection();
    }

    void start() {
        firstConnect.start();
    }

    /** Stops retrying and reconnecting, then disconnects (on the connector, it may block). Idempotent. */
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        firstConnect.stop();
        ReconnectionManager reconnection = ReconnectionManager.getInstanceFor(connection);
        reconnection.disableAutomaticReconnection();
        reconnection.abortPossiblyRunningReconnection();
        connector.execute(() -> {
            connection.disconnect();
            LOG.info("{}: closed", jid);
        });
    }

    /** A drop of the logged-in connection is worth a warning; a failed first connect is FirstConnect's to log. */
    void logConnectionLost(String why) {
        if (loggedIn) {
            LOG.warn("{}: connection lost ({}); reconnecting every {} s", jid, why, reconnectSeconds);
        } else {
            LOG.debug("{}: first connect failed ({})", jid, why);
        }
    }

    /**
     * An operator asked for a reconnect: drop the connection and log in again now, retried every reconnect delay
     * until it works. Before the first login there is nothing to do: {@link FirstConnect} retries anyway.
     */
    void reconnectNow() {
        if (stopped || !loggedIn) {
            return;
        }
        ReconnectionManager.getInstanceFor(connection).abortPossiblyRunningReconnection();
        connector.execute(this::relogin);
    }

    private void relogin() {
        if (stopped) {
            return;
        }
        try {
            if (connection.isConnected()) {
                connection.disconnect();
            }
            connection.connect().login();
            LOG.info("{}: reconnected on request", jid);
        } catch (SmackException | IOException | XMPPException e) {
            LOG.warn("{}: reconnect failed ({}); trying again in {} s", jid, e.toString(), reconnectSeconds);
            ScheduledFuture<?> unused = timers.schedule(() -> connector.execute(this::relogin), reconnectSeconds,
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int attempts() {
        return firstConnect.attempts();
    }

    boolean isRetryScheduled() {
        return firstConnect.isRetryScheduled();
    }

    private void firstLoginSucceeded() {
        if (stopped) {
            connection.disconnect();
            return;
        }
        loggedIn = true;
        ReconnectionManager reconnection = ReconnectionManager.getInstanceFor(connection);
        reconnection.setReconnectionPolicy(ReconnectionManager.ReconnectionPolicy.FIXED_DELAY);
        reconnection.setFixedDelay(reconnectSeconds);
        reconnection.enableAutomaticReconnection();
    }
}
