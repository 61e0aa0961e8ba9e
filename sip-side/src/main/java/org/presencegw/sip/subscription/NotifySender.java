package org.presencegw.sip.subscription;

import gov.nist.javax.sip.stack.SIPTransaction;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.server.ClientEvents;
import org.presencegw.sip.stack.StackContext;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.FlowTable;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.StateWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends NOTIFYs and hears how they end. Per subscription one NOTIFY transaction is in flight and newer ones wait in
 * its {@link NotifyLane} (latest wins); a NOTIFY answered with a fatal status (RFC 6665 4.2.2), timed out or lost
 * to an I/O error ends the subscription through the failure handler. It also counts the NOTIFYs in flight, for the
 * overload check of new subscriptions and for the drain at shutdown, and keeps each subscription's flow entry (the
 * NOTIFY's next hop, {@link FlowTable}) until its lane is idle after release. Thread-safe; every method that touches
 * a subscription takes its monitor.
 */
final class NotifySender implements ClientEvents {

    private static final Logger LOG = LoggerFactory.getLogger(NotifySender.class);

    /**
     * NOTIFY transactions in flight above which new subscriptions are refused with 503: each holds its request and
     * transaction (~10 KiB) until answered or 32 s later (bench/FINDINGS.md).
     */
    static final int DEFAULT_MAX_OUTSTANDING = 2048;

    /** RFC 6665 4.2.2: NOTIFY responses that end the subscription. */
    private static final Set<Integer> FATAL_STATUS =
            Set.of(404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final FlowTable flows;
    private final SubscriptionRegistry registry;
    private final StateWriter writer;
    private final Object idle = new Object();
    /** Written under {@code idle}; volatile so that {@link #overloaded} reads it without the lock. */
    private volatile int outstanding;
    private volatile int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
    private volatile StackContext stack;
    private volatile NotifyFactory notifies;
    private volatile BiConsumer<Subscription, String> onFailure = (s, why) -> { };

    NotifySender(ScheduledExecutorService scheduler, Clock clock, FlowTable flows, SubscriptionRegistry registry,
                 StateWriter writer) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.flows = flows;
        this.registry = registry;
        this.writer = writer;
    }

    /**
     * Binds to the started stack, then sends what waited for it: a subscription taken up from the store can be
     * told a new state (a Jabber account that logged in fast) before the stack is up; its NOTIFY waits in its lane.
     */
    void bind(StackContext context) {
        this.notifies = new NotifyFactory(context);
        this.stack = context;
        for (Subscription s : registry.all()) {
            synchronized (s) {
                if (!s.lane().busy()) {
                    s.lane().takeWaiting().ifPresent(next -> send(s, next));
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

    /** Sends {@code next} now, or keeps it until the NOTIFY in flight is over. Call under {@code s}'s monitor. */
    void submit(Subscription s, NotifyLane.Pending next) {
        if (s.lane().busy() || stack == null) {
            s.lane().hold(next);
        } else {
            send(s, next);
        }
    }

    /** The subscription was released: its flow entry goes once nothing is in flight. Under {@code s}'s monitor. */
    void released(Subscription s) {
        s.lane().released();
        finishIfIdle(s);
    }

    private void send(Subscription s, NotifyLane.Pending job) {
        DialogRecord dialog = s.nextNotify();
        s.reservationDue().ifPresent(row -> writer.background(List.of(new SipChange.PutSubscription(row))));
        try {
            Request notify = notifies.build(dialog, s.eventPackage().name(), job.message(), s.mediaType(),
                    job.bodies().render(s, job.message().body()), clock.instant());
            ClientTransaction ct = newTransaction(notify);
            ct.setApplicationData(s);
            s.lane().sent(ct);
            changeOutstanding(1);
            ct.sendRequest();
            LOG.debug("[{}] NOTIFY {} sent", dialog.callId(), job.message().state());
        } catch (Exception e) {
            LOG.warn("[{}] cannot send NOTIFY: {}", dialog.callId(), e.toString());
            if (s.lane().busy()) {
                s.lane().completed();
                changeOutstanding(-1);
            }
            s.lane().dropWaiting();
            onFailure.accept(s, "send failed");
            finishIfIdle(s);
        }
    }

    private ClientTransaction newTransaction(Request notify) throws Exception {
        ClientTransaction ct = stack.provider().getNewClientTransaction(notify);
        // Timer K (RFC 3261 17.1.2.2) = T4 = 5 s over UDP keeps a completed NOTIFY transaction only to absorb
        // copies of the response; with 0 it ends as its final response arrives and a later copy is a stray
        // response, which the dispatcher drops (bench/FINDINGS.md: most of the heap's churn at high rates).
        if (ct instanceof SIPTransaction t) {
            t.setTimerT4(0);
        }
        return ct;
    }

    @Override
    public void onResponse(ClientTransaction ct, Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        complete(ct, FATAL_STATUS.contains(status) ? Optional.of("answered " + status) : Optional.empty());
    }

    @Override
    public void onTimeout(ClientTransaction ct) {
        complete(ct, Optional.of("timeout"));
    }

    /**
     * A NOTIFY transaction that ended without response or timeout event is a failure (checked after 1 s). One that
     * got its final response (with Timer K = 0 it ends just before the response reaches us) needs no check:
     * capturing it for a second would keep every NOTIFY, request and response, alive that long.
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
                    complete(ct, Optional.of("transaction ended unanswered"));
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

    private void complete(ClientTransaction ct, Optional<String> failure) {
        if (!(ct.getApplicationData() instanceof Subscription s)) {
            return;
        }
        synchronized (s) {
            if (!s.lane().isInFlight(ct)) {
                return;
            }
            s.lane().completed();
            changeOutstanding(-1);
            if (failure.isPresent()) {
                LOG.debug("[{}] NOTIFY failed: {}", s.key().callId(), failure.get());
                s.lane().dropWaiting();
                onFailure.accept(s, failure.get());
            } else {
                s.lane().takeWaiting().ifPresent(next -> send(s, next));
            }
            finishIfIdle(s);
        }
    }

    private void finishIfIdle(Subscription s) {
        if (s.lane().finishIfIdle()) {
            flows.remove(s.key().callId());
        }
    }

    /** True while so many NOTIFYs are unanswered that a new subscription should get 503 (RFC 3261 21.5.4). */
    boolean overloaded() {
        return outstanding >= maxOutstanding;
    }

    void maxOutstanding(int max) {
        this.maxOutstanding = max;
    }

    /** Waits up to {@code wait} for every NOTIFY in flight to be answered. */
    void awaitIdle(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (idle) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{} final NOTIFYs still unanswered at shutdown", outstanding);
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void changeOutstanding(int delta) {
        synchronized (idle) {
            outstanding += delta;
            if (outstanding == 0) {
                idle.notifyAll();
            }
        }
    }
}
