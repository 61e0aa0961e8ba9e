package org.presencegw.sip.subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.concurrent.ScheduledExecutorService;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.EventPackages;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.server.ClientEvents;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.RequestHandler;
import org.presencegw.sip.stack.StackContext;
import org.presencegw.sip.stack.FlowTable;

/**
 * The subscription side of a presence server (RFC 3856 presence agent, RFC 6665 notifier), assembled from its
 * parts, and the presence server's one handle on them:
 * <ul>
 *   <li>{@link SubscriptionRegistry}: the live subscriptions, by dialog and by view;</li>
 *   <li>{@link SubscriptionLifecycle}: feeds events to a {@link Subscription} and carries out its actions;</li>
 *   <li>{@link NotifySender}: sends NOTIFYs, one in flight per subscription, and hears how they end;</li>
 *   <li>{@link ExpirySweeper}: ends subscriptions whose time is up, once a second;</li>
 *   <li>{@link RetransmissionMemory}: answers copies of SUBSCRIBEs already processed;</li>
 *   <li>{@link SubscribeHandler}: turns SUBSCRIBE requests into the above;</li>
 *   <li>{@link #fanOut}: a view's new state to each of its subscriptions, each body rendered once.</li>
 * </ul>
 * docs/ARCHITECTURE.md follows one SUBSCRIBE and one change through these parts. Thread-safe.
 */
public final class Subscriptions {

    private final ScheduledExecutorService scheduler;
    private final EventPackages packages;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final NotifySender sender;
    private final RetransmissionMemory copies;
    private final SubscriptionLifecycle lifecycle;
    private final ExpirySweeper sweeper;

    public Subscriptions(ScheduledExecutorService scheduler, Clock clock, FlowTable flows, EventPackages packages) {
        this.scheduler = scheduler;
        this.packages = packages;
        this.sender = new NotifySender(scheduler, clock, flows, registry);
        this.copies = new RetransmissionMemory(registry, clock);
        this.lifecycle = new SubscriptionLifecycle(registry, sender, copies, clock);
        this.sweeper = new ExpirySweeper(registry, lifecycle, clock);
    }

    /** The SUBSCRIBE handler for the dispatcher. */
    public RequestHandler subscribeHandler(ExpiryPolicy policy, Map<String, PresenceSource> domains,
                                           LongSupplier currentSeq, RequestAuthenticator auth) {
        return new SubscribeHandler(this, policy, domains, currentSeq, auth);
    }

    /** How our NOTIFY transactions end, for the dispatcher. */
    public ClientEvents clientEvents() {
        return sender;
    }

    /** Binds to the started stack and starts the expiry sweep. */
    public void bind(StackContext stack) {
        sender.bind(stack);
        sweeper.start(scheduler);
    }

    /**
     * Fan-out number {@code seq} of a view's new state: every subscription on the view gets it (older numbers
     * arriving late are ignored), with each body rendered once per entity and type.
     */
    public void fanOut(ViewKey view, PresenceState state, long seq) {
        Bodies bodies = Bodies.cached(new HashMap<>());
        for (Subscription s : registry.watching(view)) {
            lifecycle.sourceChanged(s, state, seq, bodies);
        }
    }

    /** Subscriptions alive (pending or active). */
    public int size() {
        return registry.size();
    }

    /** The number of unanswered NOTIFYs above which new subscriptions get 503 (default 2048; tests lower it). */
    public void maxOutstandingNotifies(int max) {
        sender.maxOutstanding(max);
    }

    /** RFC 6665: {@code terminated;reason=deactivated} to every live subscription, then a bounded wait for answers. */
    public void shutdown(Duration wait) {
        sweeper.stop();
        for (Subscription s : registry.all()) {
            lifecycle.apply(s, new SubscriptionEvent.Shutdown());
        }
        sender.awaitIdle(wait);
    }

    EventPackages packages() {
        return packages;
    }

    SubscriptionRegistry registry() {
        return registry;
    }

    SubscriptionLifecycle lifecycle() {
        return lifecycle;
    }

    NotifySender sender() {
        return sender;
    }

    RetransmissionMemory copies() {
        return copies;
    }
}
