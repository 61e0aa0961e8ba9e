package org.presencegw.sip.subscription;

import gov.nist.javax.sip.stack.SIPTransaction;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.SipStats;
import org.presencegw.sip.api.SipStats.NotifyOutcome;
import org.presencegw.sip.server.ClientEvents;
import org.presencegw.sip.stack.StackContext;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.FlowTable;
import org.presencegw.sip.stack.NioConnections;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.StateWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends NOTIFYs and hears how they end. Per subscription one NOTIFY transaction is in flight and newer ones wait in
 * its {@link NotifyLane} (latest wins); a NOTIFY answered with a fatal status (RFC 6665 4.2.2), timed out or lost
 * to an I/O error ends the subscription through the failure handler. Unanswered NOTIFYs are accounted per
 * destination ({@link NotifyBudget}): a watcher that never answers holds up only NOTIFYs toward itself. It also
 * counts the NOTIFYs in flight for the drain at shutdown, and keeps each subscription's flow entry (the NOTIFY's
 * next hop, {@link FlowTable}) until its lane is idle after release. Thread-safe; every method that touches a
 * subscription takes its monitor, and the budget's lock is never held while calling out.
 */
final class NotifySender implements ClientEvents {

    private static final Logger LOG = LoggerFactory.getLogger(NotifySender.class);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final FlowTable flows;
    private final SubscriptionRegistry registry;
    private final StateWriter writer;
    private final NotifyPacer pacer;
    private final InFlightCount outstanding = new InFlightCount();
    private final NotifyBudget budget;
    private volatile StackContext stack;
    private volatile NotifyFactory notifies;
    private volatile BiConsumer<Subscription, String> onFailure = (s, why) -> { };
    private final SipStats stats;

    NotifySender(ScheduledExecutorService scheduler, Clock clock, FlowTable flows, SubscriptionRegistry registry,
                 StateWriter writer, NotifyBudget budget, SipStats stats) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.flows = flows;
        this.registry = registry;
        this.writer = writer;
        this.budget = budget;
        this.stats = stats;
        this.pacer = new NotifyPacer(clock);
    }

    /** Binds to the started stack, then sends what waited for it (restored subscriptions told a state early). */
    void bind(StackContext context) {
        this.notifies = new NotifyFactory(context);
        this.stack = context;
        pacer.start(scheduler, this::paceDue);
        for (Subscription s : registry.all()) {
            synchronized (s) {
                if (!s.lane().busy()) {
                    sendWaiting(s);
                }
            }
        }
    }

    /** Who ends a subscription whose NOTIFY failed; called under the subscription's monitor. */
    void onFailure(BiConsumer<Subscription, String> handler) {
        this.onFailure = handler;
    }

    /** The subscription's NOTIFYs go over {@code flow} while it has no route set (see {@link FlowTable}). */
    void route(Subscription s, Flow flow) {
        flows.put(s.key().callId(), flow);
    }

    /**
     * Sends {@code next} now, or keeps it until the NOTIFY in flight is over or, when it is paced, until its pacing
     * window ends. Call under {@code s}'s monitor.
     */
    void submit(Subscription s, NotifyLane.Pending next) {
        if (s.lane().busy() || stack == null) {
            s.lane().hold(next);
        } else if (!pacer.holdBack(s, next)) {
            s.lane().dropWaiting(); // a paced one waiting for its window: next carries the same or newer state
            send(s, next);
        }
    }

    /** The subscription was released: its flow entry goes once nothing is in flight. Under {@code s}'s monitor. */
    void released(Subscription s) {
        s.lane().released();
        finishIfIdle(s);
    }

    /** Unanswered NOTIFYs in flight, all destinations together. */
    int outstanding() {
        return outstanding.get();
    }

    private void send(Subscription s, NotifyLane.Pending job) {
        String destination = NotifyBudget.destination(s.dialog());
        switch (budget.tryAcquire(destination, s)) {
            case WAIT -> {
                s.lane().hold(job);
                return;
            }
            case DROP -> {
                LOG.debug("[{}] NOTIFY dropped: {} is backed off", s.key().callId(), destination);
                s.lane().dropWaiting();
                onFailure.accept(s, "destination not answering");
                finishIfIdle(s);
                return;
            }
            case SEND -> {
            }
        }
        DialogRecord dialog = s.nextNotify();
        s.reservationDue().ifPresent(row -> writer.background(List.of(new SipChange.PutSubscription(row))));
        ClientTransaction ct = null;
        try {
            Request notify = notifies.build(dialog, s.eventPackage().name(), job.message(),
                    job.bodies().render(s, job.message().body()), clock.instant());
            boolean movedToTcp = LargeNotifies.moveToTcpIfLarge(notify, dialog, stack);
            ct = notifies.newTransaction(notify, dialog.flow(), () -> flows.remove(s.key().callId()));
            if (movedToTcp) {
                NioConnections.keepNewConnection(ct);
            }
            ct.setApplicationData(s);
            s.lane().sent(ct, clock.millis());
            budget.held(ct, destination);
            outstanding.change(1);
            ct.sendRequest();
            LOG.debug("[{}] NOTIFY {} sent", dialog.callId(), job.message().state());
        } catch (Exception e) {
            LOG.warn("[{}] cannot send NOTIFY: {}", dialog.callId(), e.toString());
            stats.notifyEnded(NotifyOutcome.ERROR);
            s.lane().answered("error");
            String freed = ct == null ? destination : budget.freedBy(ct).orElse(null);
            if (freed != null) {
                wakeLater(freed, budget.release(freed, false));
            }
            if (s.lane().busy()) {
                s.lane().completed();
                outstanding.change(-1);
            }
            s.lane().dropWaiting();
            onFailure.accept(s, "send failed");
            finishIfIdle(s);
        }
    }

    @Override
    public void onResponse(ClientTransaction ct, Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        complete(ct, NotifyEnd.answered(status));
    }

    @Override
    public void onTimeout(ClientTransaction ct) {
        complete(ct, NotifyEnd.TIMEOUT);
    }

    /**
     * A NOTIFY transaction that ended without response or timeout is a failure (checked after 1 s); one that got
     * its final response (Timer K = 0 ends it just before the response reaches us) needs no check.
     */
    @Override
    public void onTransactionTerminated(ClientTransaction ct) {
        if (ct instanceof SIPTransaction t && t.getLastResponse() != null
                && t.getLastResponse().getStatusCode() >= 200) {
            return;
        }
        if (ct.getApplicationData() instanceof Subscription s && inFlight(s, ct)) {
            // The future is not kept, so the check logs its own failure (else it would vanish in the future).
            ScheduledFuture<?> unused = scheduler.schedule(() -> {
                try {
                    complete(ct, NotifyEnd.UNANSWERED);
                } catch (RuntimeException e) {
                    LOG.warn("[{}] check of an unanswered NOTIFY failed", s.key().callId(), e);
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    private static boolean inFlight(Subscription s, ClientTransaction ct) {
        synchronized (s) {
            return s.lane().isInFlight(ct);
        }
    }

    @Override
    public void onIoError(String host, int port, String transport) {
        for (Subscription s : registry.all()) {
            Flow flow = s.dialog().flow();
            if (flow.address().equals(host) && flow.port() == port && flow.transport().equalsIgnoreCase(transport)) {
                synchronized (s) {
                    onFailure.accept(s, "I/O error");
                }
            }
        }
    }

    private void complete(ClientTransaction ct, NotifyEnd end) {
        String destination = budget.freedBy(ct).orElse(null);
        if (destination != null) {
            wake(destination, budget.release(destination, end.unanswered()));
        }
        if (!(ct.getApplicationData() instanceof Subscription s)) {
            return;
        }
        synchronized (s) {
            if (!s.lane().isInFlight(ct)) {
                return;
            }
            s.lane().completed();
            s.lane().answered(end.answer());
            stats.notifyEnded(end.outcome());
            Optional<String> failure = end.failure();
            outstanding.change(-1);
            if (failure.isPresent()) {
                LOG.debug("[{}] NOTIFY failed: {}", s.key().callId(), failure.get());
                s.lane().dropWaiting();
                onFailure.accept(s, failure.get());
            } else {
                sendWaiting(s);
            }
            finishIfIdle(s);
        }
    }

    private void finishIfIdle(Subscription s) {
        if (s.lane().finishIfIdle()) {
            flows.remove(s.key().callId());
        }
    }

    /** A slot toward {@code destination} was freed (see {@link NotifyWaker}); no subscription's monitor held. */
    private void wake(String destination, NotifyBudget.Released released) {
        NotifyWaker.wake(destination, released, budget, s -> {
            s.lane().dropWaiting();
            onFailure.accept(s, "destination not answering");
            finishIfIdle(s);
        }, s -> !s.lane().busy() && sendWaiting(s));
    }

    /** As {@link #wake}, but from under a subscription's monitor: handed to the scheduler. */
    private void wakeLater(String destination, NotifyBudget.Released released) {
        if (released.wake().isPresent() || !released.drop().isEmpty()) {
            scheduler.execute(() -> wake(destination, released));
        }
    }

    NotifyPacer pacer() {
        return pacer;
    }

    /** The lane is free: its waiting NOTIFY goes out unless pacing holds it (false). Under {@code s}'s monitor. */
    private boolean sendWaiting(Subscription s) {
        Optional<NotifyLane.Pending> next = s.lane().takeWaiting();
        if (next.isEmpty() || pacer.holdBack(s, next.get())) {
            return false;
        }
        send(s, next.get());
        return true;
    }

    /** The wheel's turn for {@code s}: what waited goes out, unless a NOTIFY in flight will send it when answered. */
    private void paceDue(Subscription s) {
        synchronized (s) {
            s.lane().onWheel(false);
            if (!s.lane().busy() && stack != null) {
                sendWaiting(s);
                finishIfIdle(s);
            }
        }
    }

    /** Waits until at most {@code max} NOTIFYs are in flight; false when {@code deadlineNanos} came first. */
    boolean awaitOutstandingAtMost(int max, long deadlineNanos) {
        return outstanding.awaitAtMost(max, deadlineNanos);
    }
}
