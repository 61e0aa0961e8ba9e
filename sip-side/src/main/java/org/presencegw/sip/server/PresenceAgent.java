package org.presencegw.sip.server;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import gov.nist.javax.sip.stack.SIPTransaction;
import javax.sip.ClientTransaction;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.pidf.PidfRenderer;
import org.presencegw.sip.stack.FlowTable;
import org.presencegw.sip.subscription.SubscriptionAction;
import org.presencegw.sip.subscription.SubscriptionEvent;
import org.presencegw.sip.subscription.SubscriptionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence agent (RFC 3856 section 3): feeds events to each subscription's {@code SubscriptionMachine} and
 * carries out the returned actions on the JAIN-SIP stack. Keeps at most one NOTIFY transaction in flight per
 * subscription and coalesces changes that arrive meanwhile (the latest state wins).
 */
public final class PresenceAgent implements ClientEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceAgent.class);

    /**
     * NOTIFY transactions in flight (sent, not yet answered) above which new subscriptions are refused with 503:
     * each holds its request and transaction (~10 KiB) until answered or 32 s later, so when watchers stop
     * answering under overload they would otherwise fill the heap (bench/FINDINGS.md).
     */
    public static final int DEFAULT_MAX_OUTSTANDING = 2048;

    /** How often {@link #expireDue} runs. */
    private static final long SWEEP_MILLIS = 1000;

    /** RFC 6665 4.2.2: NOTIFY responses that end the subscription. */
    private static final Set<Integer> FATAL_NOTIFY_STATUS =
            Set.of(404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604);

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final FlowTable flows;
    private final PidfRenderer renderer = new PidfRenderer();
    private final SubscriptionTable table = new SubscriptionTable();
    private final RecentlyEnded recentlyEnded;
    private ScheduledFuture<?> sweeper;
    private final Object idle = new Object();
    /** Written under {@code idle}; volatile so that {@link #overloaded} reads it without the lock. */
    private volatile int outstanding;
    private volatile int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
    private volatile StackContext stack;
    private volatile NotifyFactory notifies;

    public PresenceAgent(ScheduledExecutorService scheduler, Clock clock, FlowTable flows) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.flows = flows;
        this.recentlyEnded = new RecentlyEnded(clock);
    }

    public void bind(StackContext context) {
        this.stack = context;
        this.notifies = new NotifyFactory(context);
        synchronized (this) {
            if (sweeper == null) {
                sweeper = scheduler.scheduleWithFixedDelay(this::expireDue, SWEEP_MILLIS, SWEEP_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Ends the subscriptions whose time is up (RFC 6665 4.2.2: final NOTIFY with reason=timeout). One sweep a
     * second over the table instead of a timer task per subscription: ~120 bytes less per subscription, no
     * cancel and reschedule on every refresh, at the price of ending a subscription up to a second late.
     */
    private void expireDue() {
        long now = clock.millis();
        try {
            for (Subscription s : table.live()) {
                long at = s.expiresAtMillis;
                if (at != 0 && at <= now) {
                    synchronized (s) {
                        if (s.expiresAtMillis != 0 && s.expiresAtMillis <= now) {
                            s.expiresAtMillis = 0;
                            apply(s, new SubscriptionEvent.Expired(), Optional.empty());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("expiry sweep failed", e);
        }
    }

    public int size() {
        return table.size();
    }

    SubscriptionTable table() {
        return table;
    }

    /** Registers a new subscription and applies its first event, answering {@code exchange}. */
    void start(Subscription s, SubscriptionEvent.Accepted accepted, ServerExchange exchange) {
        synchronized (s) {
            if (accepted.expires() > 0) {
                if (!table.add(s)) {
                    // Two different SUBSCRIBEs for one new dialog at the same instant; the first one won.
                    LOG.warn("[{}] concurrent SUBSCRIBE for a new dialog: 500", s.dialog.callId());
                    s.source.release(s.view, s.watcher);
                    try {
                        exchange.send(exchange.createResponse(Response.SERVER_INTERNAL_ERROR, "Concurrent SUBSCRIBE"));
                    } catch (ParseException e) {
                        LOG.warn("[{}] cannot build 500: {}", s.dialog.callId(), e.toString());
                    }
                    return;
                }
            } else {
                endedBySubscribe(s.id(), s.dialog.remoteCseq());
            }
            flows.put(s.dialog.callId(), s.dialog.flow());
            apply(s, accepted, Optional.of(exchange), bodies(s));
        }
    }

    /** Remembers that the SUBSCRIBE with {@code cseq} ended (or fetched) dialog {@code id}, for its copies. */
    void endedBySubscribe(Subscription.DialogId id, long cseq) {
        recentlyEnded.put(id, cseq);
    }

    /**
     * Answers a copy of a SUBSCRIBE already processed (same dialog, same CSeq) as the first copy was answered,
     * changing nothing and sending no NOTIFY (RFC 3261 17.2.2 behaviour without a server transaction): 200 with
     * the time left of a live subscription, or 200 with {@code Expires: 0} after an unsubscribe or fetch.
     *
     * @return false when the request is not such a copy
     */
    boolean answerRetransmission(ServerExchange exchange, String localTag, long cseq) {
        Optional<Subscription> live = table.find(exchange.callId(), localTag);
        if (live.isPresent()) {
            Subscription s = live.get();
            synchronized (s) {
                if (s.dialog.remoteCseq() != cseq || s.machine.state() == SubscriptionState.TERMINATED) {
                    return false;
                }
                long millis = Duration.between(clock.instant(), s.machine.expiresAt()).toMillis();
                LOG.debug("[{}] SUBSCRIBE retransmission: 200 again", s.dialog.callId());
                respondOk(s.dialog.callId(), s.dialog.localTag(), s.dialog.flow().transport(),
                        (int) Math.max(0, (millis + 999) / 1000), exchange);
                return true;
            }
        }
        var ended = recentlyEnded.endedBy(new Subscription.DialogId(exchange.callId(), localTag));
        if (ended.isPresent() && ended.getAsLong() == cseq) {
            LOG.debug("[{}] retransmission of the SUBSCRIBE that ended the dialog: 200 again", exchange.callId());
            respondOk(exchange.callId(), localTag, exchange.flow().transport(), 0, exchange);
            return true;
        }
        return false;
    }

    /** Applies one event under the subscription's lock. Returns false when the subscription was already over. */
    boolean apply(Subscription s, SubscriptionEvent event, Optional<ServerExchange> exchange) {
        synchronized (s) {
            if (s.machine.state() == SubscriptionState.TERMINATED) {
                return false;
            }
            apply(s, event, exchange, bodies(s));
            return true;
        }
    }

    /** Fans a published state out to every subscription on the view, rendering PIDF once per entity. */
    public void fanOut(ViewKey view, PresenceState state, long seq) {
        Map<String, Optional<byte[]>> rendered = new HashMap<>();
        for (Subscription s : table.watching(view)) {
            synchronized (s) {
                if (seq <= s.seq) {
                    continue;
                }
                s.seq = seq;
                String entity = s.presentity.uri();
                apply(s, new SubscriptionEvent.SourceChanged(state), Optional.empty(),
                        st -> rendered.computeIfAbsent(entity, e -> render(st, e)));
            }
        }
    }

    /** RFC 6665 / DESIGN: shutdown sends {@code terminated;reason=deactivated} to every live subscription. */
    public void shutdown(Duration wait) {
        synchronized (this) {
            if (sweeper != null) {
                sweeper.cancel(false);
            }
        }
        for (Subscription s : table.all()) {
            apply(s, new SubscriptionEvent.Shutdown(), Optional.empty());
        }
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

    private void apply(Subscription s, SubscriptionEvent event, Optional<ServerExchange> exchange,
                       java.util.function.Function<PresenceState, Optional<byte[]>> bodies) {
        Instant now = clock.instant();
        List<SubscriptionAction> actions = s.machine.handle(event, now);
        for (SubscriptionAction action : actions) {
            if (action instanceof SubscriptionAction.RespondOk ok) {
                respondOk(s.dialog.callId(), s.dialog.localTag(), s.dialog.flow().transport(), ok.expires(),
                        exchange.orElseThrow());
            } else if (action instanceof SubscriptionAction.SendNotify n) {
                Subscription.QueuedNotify job = new Subscription.QueuedNotify(n, bodies.apply(n.body()));
                if (s.inFlight != null) {
                    s.queued = job;
                } else {
                    send(s, job);
                }
            } else if (action instanceof SubscriptionAction.ScheduleExpiry e) {
                schedule(s, e.at());
            } else if (action instanceof SubscriptionAction.Release) {
                release(s);
            }
        }
    }

    private java.util.function.Function<PresenceState, Optional<byte[]>> bodies(Subscription s) {
        return st -> render(st, s.presentity.uri());
    }

    private Optional<byte[]> render(PresenceState state, String entity) {
        if (state instanceof PresenceState.Known k) {
            return Optional.of(renderer.render(k.document(), entity));
        }
        return Optional.empty();
    }

    /** RFC 6665 4.2.1.1: 200 with Expires, To tag and Contact (RFC 3261 12.1.1). */
    private void respondOk(String callId, String localTag, String transport, int expires,
                           ServerExchange exchange) {
        try {
            Response ok = exchange.createResponse(Response.OK);
            ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(localTag);
            }
            ok.addHeader(stack.headers().createExpiresHeader(expires));
            ok.addHeader(NotifyFactory.contact(stack, transport));
            exchange.send(ok);
        } catch (Exception e) {
            LOG.warn("[{}] cannot build 200: {}", callId, e.toString());
        }
    }

    private static void schedule(Subscription s, Instant at) {
        s.expiresAtMillis = Math.max(1, at.toEpochMilli());
    }

    private void release(Subscription s) {
        s.expiresAtMillis = 0;
        table.remove(s);
        if (!s.released) {
            s.released = true;
            try {
                s.source.release(s.view, s.watcher);
            } catch (RuntimeException e) {
                LOG.warn("[{}] source {} failed to release {}", s.dialog.callId(), s.source.name(), s.view, e);
            }
        }
        finishIfIdle(s);
    }

    private void send(Subscription s, Subscription.QueuedNotify job) {
        s.dialog = s.dialog.nextLocalCseq();
        try {
            Request notify = notifies.build(s.dialog, job.message(), job.body(), clock.instant());
            ClientTransaction ct = stack.provider().getNewClientTransaction(notify);
            // Timer K (RFC 3261 17.1.2.2) = T4 = 5 s over UDP keeps a completed NOTIFY transaction, request and
            // response, only to absorb copies of the response; at thousands of NOTIFYs a second that was most of
            // the heap's churn (bench/FINDINGS.md). With 0 it ends as its final response arrives; a later copy of
            // that response is a stray response, which the dispatcher drops.
            if (ct instanceof SIPTransaction t) {
                t.setTimerT4(0);
            }
            ct.setApplicationData(s);
            s.inFlight = ct;
            changeOutstanding(1);
            ct.sendRequest();
            LOG.debug("[{}] NOTIFY {} sent", s.dialog.callId(), job.message().state());
        } catch (Exception e) {
            LOG.warn("[{}] cannot send NOTIFY: {}", s.dialog.callId(), e.toString());
            if (s.inFlight != null) {
                s.inFlight = null;
                changeOutstanding(-1);
            }
            s.queued = null;
            apply(s, new SubscriptionEvent.NotifyFailed("send failed"), Optional.empty(), bodies(s));
            finishIfIdle(s);
        }
    }

    @Override
    public void onResponse(ClientTransaction ct, Response response) {
        if (response.getStatusCode() < 200) {
            return;
        }
        int status = response.getStatusCode();
        boolean fatal = FATAL_NOTIFY_STATUS.contains(status);
        complete(ct, fatal ? Optional.of("answered " + status) : Optional.empty());
    }

    @Override
    public void onTimeout(ClientTransaction ct) {
        complete(ct, Optional.of("timeout"));
    }

    /**
     * A NOTIFY transaction that ended without response or timeout event is a failure (checked after 1 s). One
     * that got its final response (with Timer K = 0 it ends just before the response reaches us) needs no check:
     * capturing it for a second would keep every NOTIFY, request and response, alive that long.
     */
    @Override
    public void onTransactionTerminated(ClientTransaction ct) {
        if (ct instanceof SIPTransaction t && t.getLastResponse() != null
                && t.getLastResponse().getStatusCode() >= 200) {
            return;
        }
        if (ct.getApplicationData() instanceof Subscription s && stillInFlight(s, ct)) {
            scheduler.schedule(() -> complete(ct, Optional.of("transaction ended unanswered")), 1,
                    TimeUnit.SECONDS);
        }
    }

    private static boolean stillInFlight(Subscription s, ClientTransaction ct) {
        synchronized (s) {
            return s.inFlight == ct;
        }
    }

    @Override
    public void onIoError(String host, int port, String transport) {
        for (Subscription s : table.all()) {
            var flow = s.dialog.flow();
            if (flow.address().equals(host) && flow.port() == port && flow.transport().equalsIgnoreCase(transport)) {
                apply(s, new SubscriptionEvent.NotifyFailed("I/O error"), Optional.empty());
            }
        }
    }

    private void complete(ClientTransaction ct, Optional<String> failure) {
        if (!(ct.getApplicationData() instanceof Subscription s)) {
            return;
        }
        synchronized (s) {
            if (s.inFlight != ct) {
                return;
            }
            s.inFlight = null;
            changeOutstanding(-1);
            if (failure.isPresent()) {
                LOG.debug("[{}] NOTIFY failed: {}", s.dialog.callId(), failure.get());
                s.queued = null;
                apply(s, new SubscriptionEvent.NotifyFailed(failure.get()), Optional.empty(), bodies(s));
            } else if (s.queued != null) {
                Subscription.QueuedNotify next = s.queued;
                s.queued = null;
                send(s, next);
            }
            finishIfIdle(s);
        }
    }

    /** Once terminated, released and with no NOTIFY pending, the flow entry goes too. */
    private void finishIfIdle(Subscription s) {
        if (!s.finished && s.released && s.inFlight == null && s.queued == null) {
            s.finished = true;
            flows.remove(s.dialog.callId());
        }
    }

    /** True while so many NOTIFYs are unanswered that a new subscription should get 503 (RFC 3261 21.5.4). */
    boolean overloaded() {
        return outstanding >= maxOutstanding;
    }

    /** Changes the limit of {@link #overloaded} (tests; default {@value #DEFAULT_MAX_OUTSTANDING}). */
    public void maxOutstandingNotifies(int max) {
        this.maxOutstanding = max;
    }

    private void changeOutstanding(int delta) {
        synchronized (idle) {
            outstanding += delta;
            if (outstanding == 0) {
                idle.notifyAll();
            }
        }
    }

    /** Handle of an in-dialog SUBSCRIBE for the subscribe handler: false when the dialog is unknown or over. */
    Optional<Subscription> find(String callId, String localTag) {
        return table.find(callId, localTag);
    }
}
