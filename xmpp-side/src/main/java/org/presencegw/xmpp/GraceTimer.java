package org.presencegw.xmpp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grace period of one account ({@link XmppPolicy#presenceGrace()}): when it ends, the contacts we see that are
 * still silent become known offline on the account's lane (RFC 6121 4.3.2 makes the server's answer for an offline
 * contact a SHOULD; ejabberd 23.01 sends none). A timer of an earlier reception period does nothing
 * ({@link ContactTracker#silentContactsOffline}).
 */
final class GraceTimer implements OwnPresenceControl.Grace {
    private static final Logger LOG = LoggerFactory.getLogger(GraceTimer.class);

    private final EntityBareJid jid;
    private final Duration grace;
    private final ScheduledExecutorService timers;
    private final SerialLane lane;
    private final ContactTracker tracker;
    private final XmppAccountListener listener;
    private final BooleanSupplier closed;

    GraceTimer(EntityBareJid jid, Duration grace, ScheduledExecutorService timers, SerialLane lane,
               ContactTracker tracker, XmppAccountListener listener, BooleanSupplier closed) {
        this.jid = jid;
        this.grace = grace;
        this.timers = timers;
        this.lane = lane;
        this.tracker = tracker;
        this.listener = listener;
        this.closed = closed;
    }

    @Override
    public void schedule(int epoch, Optional<BareJid> only) {
        Runnable check = () -> lane.execute(() -> {
            if (!closed.getAsBoolean()) {
                tracker.silentContactsOffline(epoch, only).forEach(state -> listener.contactChanged(jid, state));
            }
        });
        try {
            ScheduledFuture<?> unused = timers.schedule(check, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: timers shut down, no grace check", jid);
        }
    }
}
