package org.presencegw.xmpp;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every account of one {@link XmppAccounts} shares: the event executor its lane runs on, the connector pool
 * for blocking logins, the timer, the login pacer, the subscription memory, the clock and the watch over every
 * connection's outgoing queue.
 */
record AccountsContext(Executor events, Executor connector, ScheduledExecutorService timers, LoginPacer pacer,
                       SubscriptionMemory memory, Clock clock, StalledWrites.Watch writes) {
}
