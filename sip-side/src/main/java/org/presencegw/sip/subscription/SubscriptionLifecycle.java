package org.presencegw.sip.subscription;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.sip.message.Response;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.server.CommittedAnswers;
import org.presencegw.sip.server.ServerExchange;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.StateWriter;
import org.presencegw.sip.stack.ThrottledLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries subscriptions through their life: feeds each event to the {@link Subscription} (which runs its
 * {@link SubscriptionMachine}) and carries out the actions it returns, in order: the 200 to the SUBSCRIBE being
 * processed, NOTIFYs through the {@link NotifySender}, and the release (the view released on its source). A
 * subscription that ends leaves the {@link SubscriptionRegistry} before all of these, so that it no longer counts
 * once its watcher has the 200 to its unsubscribe. Every step runs under the subscription's monitor. Thread-safe.
 */
final class SubscriptionLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionLifecycle.class);
    /** Lines caused by what peers send: excerpts, a few per interval ({@link ThrottledLog}). */
    private static final ThrottledLog REMOTE = new ThrottledLog(LOG);

    private final SubscriptionRegistry registry;
    private final NotifySender sender;
    private final RetransmissionMemory copies;
    private final StateWriter writer;
    private final Clock clock;

    SubscriptionLifecycle(SubscriptionRegistry registry, NotifySender sender, RetransmissionMemory copies,
                          StateWriter writer, Clock clock) {
        this.registry = registry;
        this.sender = sender;
        this.copies = copies;
        this.writer = writer;
        this.clock = clock;
        // RFC 6665 4.2.2: a NOTIFY that failed for good ends its subscription.
        sender.onFailure((s, why) -> execute(s, s.handle(new SubscriptionEvent.NotifyFailed(why), clock.instant()),
                Optional.empty(), Bodies.DIRECT));
    }

    /**
     * A new SUBSCRIBE its source accepted with state {@code current}: registers the subscription (not a fetch,
     * {@code expires} 0, which ends at once), records it in the store, then answers {@code exchange} with 200 and
     * sends the first NOTIFY. While the store writes, NOTIFYs wait (the lane is gated); when it cannot write, the
     * SUBSCRIBE gets 503 + Retry-After and the subscription is dropped without a NOTIFY.
     *
     * <p>{@code published} is the fan-out number now. When it moved on since the watch ({@code s}'s own number), a
     * change published meanwhile may have been fanned out before {@code s} was registered, and missed it: the state
     * is asked of the source again once {@code s} is registered (the fan-outs that did reach {@code s} wait on its
     * monitor, and those up to the number read here carry nothing newer than that answer).
     */
    void start(Subscription s, PresenceState current, long expires, ServerExchange exchange, LongSupplier published) {
        synchronized (s) {
            if (expires > 0 && !registry.add(s)) {
                // Two different SUBSCRIBEs for one new dialog at the same instant; the first one won.
                LOG.warn("[{}] concurrent SUBSCRIBE for a new dialog: 500", s.key().callId());
                s.source().release(s.view(), s.watcher());
                send(exchange, Response.SERVER_INTERNAL_ERROR, "Concurrent SUBSCRIBE");
                return;
            }
            long now = published.getAsLong(); // read before the source is asked: see above
            if (s.takeSeq(now)) {
                current = s.source().current(s.view()).orElse(current);
            }
            if (expires == 0) {
                copies.endedBy(s.key(), s.dialog().remoteCseq());
            }
            sender.route(s, s.dialog().flow());
            List<SubscriptionAction> actions =
                    s.handle(new SubscriptionEvent.Accepted(current, (int) expires), clock.instant());
            if (expires == 0 || !writer.durable()) {
                execute(s, actions, Optional.of(exchange), Bodies.DIRECT);
                return;
            }
            commitThenAnswer(s, actions, exchange, true);
        }
    }

    /**
     * Records {@code s} in the store with the lane gated, then carries out {@code actions} (200, NOTIFY) and lets
     * what waited go. A failed write answers 503; a new subscription ({@code isNew}) is then dropped.
     */
    private void commitThenAnswer(Subscription s, List<SubscriptionAction> actions, ServerExchange exchange,
                                  boolean isNew) {
        s.lane().gate();
        exchange.defer();
        writer.commit(List.of(s.reserveAndPut()), failure -> {
            synchronized (s) {
                Optional<NotifyLane.Pending> waited = s.lane().ungate();
                if (failure.isPresent()) {
                    CommittedAnswers.unavailable(exchange);
                    if (isNew) {
                        execute(s, s.handle(new SubscriptionEvent.Abandoned("store: " + failure.get()),
                                clock.instant()), Optional.empty(), Bodies.DIRECT);
                        return;
                    }
                } else {
                    execute(s, actions, Optional.of(exchange), Bodies.DIRECT);
                }
                waited.ifPresent(next -> sender.submit(s, next));
            }
        });
    }

    /**
     * An in-dialog SUBSCRIBE (RFC 6665 4.1.2.2 refresh, 4.1.2.3 unsubscribe with {@code expires} 0): 500 for an
     * old CSeq, 481 when the subscription ended meanwhile (RFC 3261 12.2.2), else 200 and a NOTIFY.
     */
    void refresh(Subscription s, long cseq, Optional<String> contact, Flow flow, long expires,
                 ServerExchange exchange) {
        synchronized (s) {
            switch (s.refresh(cseq, contact, flow)) {
                case GONE -> send(exchange, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                case OUT_OF_ORDER -> {
                    REMOTE.warn("[{}] SUBSCRIBE CSeq {} not above {}", exchange.callId(), cseq,
                            s.dialog().remoteCseq());
                    send(exchange, Response.SERVER_INTERNAL_ERROR, "CSeq Out Of Order");
                }
                case ACCEPTED -> {
                    sender.route(s, flow);
                    List<SubscriptionAction> actions =
                            s.handle(new SubscriptionEvent.Refreshed((int) expires), clock.instant());
                    if (expires == 0) {
                        copies.endedBy(s.key(), cseq);
                    }
                    if (expires == 0 || !writer.durable()) {
                        execute(s, actions, Optional.of(exchange), Bodies.DIRECT);
                    } else {
                        commitThenAnswer(s, actions, exchange, false);
                    }
                }
            }
        }
    }

    /** An event from outside any request (expiry, shutdown). False when the subscription was already over. */
    boolean apply(Subscription s, SubscriptionEvent event) {
        synchronized (s) {
            if (s.state() == SubscriptionState.TERMINATED) {
                return false;
            }
            execute(s, s.handle(event, clock.instant()), Optional.empty(), Bodies.DIRECT);
            return true;
        }
    }

    /** Ends {@code s} with reason timeout if its time has come at {@code nowMillis} (checked under its lock). */
    void expireIfDue(Subscription s, long nowMillis) {
        synchronized (s) {
            if (s.due(nowMillis)) {
                apply(s, new SubscriptionEvent.Expired());
            }
        }
    }

    /** Fan-out number {@code seq} brought the view's new state; older fan-outs that arrive late are ignored. */
    void sourceChanged(Subscription s, PresenceState state, long seq, Bodies bodies) {
        synchronized (s) {
            if (s.state() == SubscriptionState.TERMINATED || !s.takeSeq(seq)) {
                return;
            }
            execute(s, s.handle(new SubscriptionEvent.SourceChanged(state), clock.instant()), Optional.empty(),
                    bodies, true);
        }
    }

    private void execute(Subscription s, List<SubscriptionAction> actions, Optional<ServerExchange> exchange,
                         Bodies bodies) {
        execute(s, actions, exchange, bodies, false);
    }

    /**
     * Carries out {@code actions}; with {@code changed} (a source change, not a SUBSCRIBE or an ending) their
     * non-final NOTIFY is paced (RFC 3856 6.10, {@link NotifyPacer}).
     */
    private void execute(Subscription s, List<SubscriptionAction> actions, Optional<ServerExchange> exchange,
                         Bodies bodies, boolean changed) {
        for (SubscriptionAction action : actions) {
            if (action instanceof SubscriptionAction.Release) {
                // Out of the counts before the 200 to an unsubscribe goes out: a watcher that has its answer may
                // subscribe at once and must find the room (subscriptions_total, _per_watcher). The rest of the
                // release comes after the final NOTIFY is queued.
                registry.remove(s);
            }
        }
        for (SubscriptionAction action : actions) {
            if (action instanceof SubscriptionAction.RespondOk ok) {
                OkResponses.send(exchange.orElseThrow(), s.key().localTag(), ok.expires(), s.source().servesLists());
            } else if (action instanceof SubscriptionAction.SendNotify notify) {
                sender.submit(s, new NotifyLane.Pending(notify, bodies,
                        changed && notify.state() != SubscriptionState.TERMINATED));
            } else if (action instanceof SubscriptionAction.Release) {
                release(s);
            }
        }
    }

    private void release(Subscription s) {
        registry.remove(s);
        if (s.persisted()) {
            writer.background(List.of(new SipChange.RemoveSubscription(s.key())));
        }
        try {
            s.source().release(s.view(), s.watcher());
        } catch (RuntimeException e) {
            LOG.warn("[{}] source {} failed to release {}", s.key().callId(), s.source().name(), s.view(), e);
        }
        sender.released(s);
    }

    private static void send(ServerExchange exchange, int status, String reason) {
        try {
            exchange.send(reason == null ? exchange.createResponse(status) : exchange.createResponse(status, reason));
        } catch (java.text.ParseException e) {
            LOG.warn("[{}] cannot build {}: {}", exchange.callId(), status, e.toString());
        }
    }
}
