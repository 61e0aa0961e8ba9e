package org.presencegw.sip.subscription;

import gov.nist.javax.sip.stack.SIPTransaction;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
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
import org.presencegw.sip.stack.DirectUdp;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.LocalEndpoints;
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
    /** NOTIFYs over UDP without the RI; null: all go through the RI. */
    private volatile UdpNotifyClient udp;
    private volatile ScheduledFuture<?> sweeper;
    /** The thread of {@link #sweeper}, "notify-timers"; null while NOTIFYs go through the RI. */
    private volatile ScheduledExecutorService timers;
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

    /**
     * Binds to the started stack, then sends what waited for it (restored subscriptions told a state early). NOTIFYs
     * over UDP go without the RI ({@link UdpNotifyClient}) when the stack's UDP sockets are reachable (not with
     * {@code -Dpresencegw.sip.directUdp=false}, see {@link DirectUdp#enabled}).
     */
    void bind(StackContext context) {
        this.notifies = new NotifyFactory(context);
        String stackName = context.endpoints().stackName();
        if (!stackName.isEmpty() && DirectUdp.available(stackName)) {
            UdpNotifyClient client = new UdpNotifyClient(new DirectEnds(), System::nanoTime);
            DirectUdp.tap(stackName, client);
            // A thread of its own: a sweep that sends 1000 copies to dead watchers (~20 ms of sendto) must not hold
            // up the fan-outs to live ones on the scheduler (bench/FINDINGS.md, "Session 31").
            ScheduledExecutorService own = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "notify-timers");
                t.setDaemon(true);
                return t;
            });
            this.timers = own;
            this.sweeper = own.scheduleWithFixedDelay(() -> {
                try {
                    client.sweep();
                } catch (RuntimeException e) {
                    LOG.warn("NOTIFY timers failed", e);
                }
            }, UdpNotifyClient.SWEEP_MILLIS, UdpNotifyClient.SWEEP_MILLIS, TimeUnit.MILLISECONDS);
            this.udp = client;
        }
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

    /** Stops the timers of NOTIFYs over UDP (at shutdown, after the last NOTIFYs were answered or given up). */
    void stop() {
        ScheduledFuture<?> sweeps = sweeper;
        if (sweeps != null) {
            sweeps.cancel(false);
        }
        ScheduledExecutorService own = timers;
        if (own != null) {
            own.shutdown();
        }
    }

    /** Who ends a subscription whose NOTIFY failed; called under the subscription's monitor. */
    void onFailure(BiConsumer<Subscription, String> handler) {
        this.onFailure = handler;
    }

    /**
     * The subscription's NOTIFYs go over {@code flow} while it has no route set (see {@link FlowTable}). A flow over
     * a connection is entered in the RI's table at once: when its connection is found gone, the entry is dropped and
     * the NOTIFYs after it go to the remote target until a refresh brings another flow. A UDP flow is entered only
     * when a NOTIFY goes through the RI ({@link #send}): most go without it ({@link #direct}, over the dialog's own
     * flow), and an entry per subscription was a map node, a dirty card and a table to grow for the young collector
     * on every new subscription (bench/FINDINGS.md, "Session 36").
     */
    void route(Subscription s, Flow flow) {
        if (flow.reliable()) {
            flows.put(s.key().callId(), flow);
        } else {
            flows.remove(s.key().callId());
        }
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
        s.reservationDue().ifPresent(put -> writer.background(List.of(put)));
        Object inFlight = null;
        try {
            Optional<NotifyBody> body = job.bodies().render(s, job.message().body());
            Instant now = clock.instant();
            UdpNotifyClient.Tx direct = direct(s, dialog, job.message(), body, now);
            if (direct != null) {
                inFlight = direct;
                s.lane().sent(direct, clock.millis());
                budget.held(direct, destination);
                outstanding.change(1);
                udp.send(direct);
                LOG.debug("[{}] NOTIFY {} sent", dialog.callId(), job.message().state());
                return;
            }
            if (!dialog.flow().reliable() && dialog.routeSet().isEmpty()) {
                flows.put(s.key().callId(), dialog.flow()); // for the RI's router (see route)
            }
            Request notify = notifies.build(dialog, s.eventPackage().name(), job.message(), body, now);
            boolean movedToTcp = LargeNotifies.moveToTcpIfLarge(notify, dialog, stack);
            ClientTransaction ct = notifies.newTransaction(notify, dialog.flow(),
                    () -> flows.remove(s.key().callId()));
            inFlight = ct;
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
            String freed = inFlight == null ? destination : budget.freedBy(inFlight).orElse(null);
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

    /**
     * The NOTIFY as a transaction of our own ({@link UdpNotifyClient}, decision 0011), or null when it goes through
     * the RI: not over UDP, a route set or a SIPS dialog (the RI's router and Contact rules), a flow whose address
     * is not an IP literal (the RI's router decides), larger than {@link
     * LargeNotifies#UDP_LIMIT} (the RI's path may move it to TCP), or a value that cannot be written as is.
     */
    private UdpNotifyClient.Tx direct(Subscription s, DialogRecord dialog, SubscriptionAction.SendNotify message,
                                      Optional<NotifyBody> body, Instant now) throws UnknownHostException {
        UdpNotifyClient client = udp;
        if (client == null || !"udp".equals(dialog.flow().transport()) || !dialog.routeSet().isEmpty()
                || NotifyFactory.secure(dialog)) {
            return null;
        }
        Flow to = dialog.flow();
        if (!HostLiterals.isLiteral(to.address())) {
            return null;
        }
        LocalEndpoints endpoints = stack.endpoints();
        DatagramSocket socket = endpoints.udpSocket(dialog.flow()).orElse(null);
        if (socket == null) {
            return null;
        }
        String branch = UdpNotifyClient.branch();
        byte[] bytes = NotifyWire.write(dialog, s.eventPackage().name(), message, body, now,
                HostLiterals.forUri(endpoints.sentByHost(dialog.flow())), endpoints.sentByPort(dialog.flow()),
                branch);
        if (bytes == null || bytes.length > LargeNotifies.UDP_LIMIT) {
            return null;
        }
        InetSocketAddress target = new InetSocketAddress(
                InetAddress.getByName(HostLiterals.unbracket(to.address())), to.port());
        return client.prepare(branch, bytes, socket, target, s);
    }

    /** How a NOTIFY of {@link UdpNotifyClient} ended. */
    private final class DirectEnds implements UdpNotifyClient.Ends {
        @Override
        public void answered(UdpNotifyClient.Tx tx, int status) {
            if (status < 300) {
                // On the UDP reader thread: the usual end is quick (the lane's next NOTIFY, if one waited).
                complete(tx, tx.subscription, NotifyEnd.answered(status));
            } else {
                // One that may end the subscription runs where that may take its time.
                scheduler.execute(() -> completeLogged(tx, NotifyEnd.answered(status)));
            }
        }

        @Override
        public void timedOut(UdpNotifyClient.Tx tx) {
            completeLogged(tx, NotifyEnd.TIMEOUT);
        }

        @Override
        public void sendFailed(UdpNotifyClient.Tx tx) {
            completeLogged(tx, NotifyEnd.SEND_FAILED);
        }

        private void completeLogged(UdpNotifyClient.Tx tx, NotifyEnd end) {
            try {
                complete(tx, tx.subscription, end);
            } catch (RuntimeException e) {
                LOG.warn("[{}] end of a NOTIFY failed", tx.subscription.key().callId(), e);
            }
        }
    }

    @Override
    public void onResponse(ClientTransaction ct, Response response) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        complete(ct, subscriptionOf(ct), NotifyEnd.answered(status));
    }

    @Override
    public void onTimeout(ClientTransaction ct) {
        complete(ct, subscriptionOf(ct), NotifyEnd.TIMEOUT);
    }

    private static Subscription subscriptionOf(ClientTransaction ct) {
        return ct.getApplicationData() instanceof Subscription s ? s : null;
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
                    complete(ct, s, NotifyEnd.UNANSWERED);
                } catch (RuntimeException e) {
                    LOG.warn("[{}] check of an unanswered NOTIFY failed", s.key().callId(), e);
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    private static boolean inFlight(Subscription s, Object ct) {
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

    /** The NOTIFY {@code transaction} of {@code s} (null: none known) ended. */
    private void complete(Object transaction, Subscription s, NotifyEnd end) {
        String destination = budget.freedBy(transaction).orElse(null);
        if (destination != null) {
            wake(destination, budget.release(destination, end.unanswered()));
        }
        if (s == null) {
            return;
        }
        synchronized (s) {
            if (!s.lane().isInFlight(transaction)) {
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
