package org.presencegw.sip.subscription;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.concurrent.ScheduledExecutorService;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipStats;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.event.EventPackages;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.server.ClientEvents;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.RequestHandler;
import org.presencegw.sip.stack.FlowTable;
import org.presencegw.sip.stack.StackContext;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.StateWriter;
import org.presencegw.sip.store.SubscriptionKey;
import org.presencegw.sip.store.SubscriptionRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** The Retry-After of the 503 that sheds a new subscription while the process is overloaded. */
    public static final int OVERLOAD_RETRY_AFTER_SECONDS = SubscribeHandler.RETRY_AFTER_SECONDS;

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    /** Final NOTIFYs in flight at a time at shutdown (each NOTIFY transaction holds a few KiB until answered). */
    static final int SHUTDOWN_IN_FLIGHT = 1000;

    private final ScheduledExecutorService scheduler;
    private final EventPackages packages;
    private final SubscriptionRegistry registry = new SubscriptionRegistry();
    private final NotifySender sender;
    private final RetransmissionMemory copies;
    /** Our To tags for new dialogs, derived from Call-ID and From tag (one secret for the handler and the reader). */
    private final DialogTags tags = new DialogTags();
    private final SubscriptionLifecycle lifecycle;
    private final ExpirySweeper sweeper;

    private final Clock clock;
    private final RestoredSubscriptions restored = new RestoredSubscriptions();
    private volatile Limits limits = Limits.DEFAULTS;
    private final NotifyBudget budget = new NotifyBudget(Limits.DEFAULTS.pendingNotifiesPerDestination(),
            System::nanoTime);
    private volatile BooleanSupplier overloaded = () -> false;
    private final SipStats stats = new SipStats();

    public Subscriptions(ScheduledExecutorService scheduler, Clock clock, FlowTable flows, EventPackages packages,
                         StateWriter writer) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.packages = packages;
        this.sender = new NotifySender(scheduler, clock, flows, registry, writer, budget, stats);
        this.copies = new RetransmissionMemory(registry, clock);
        this.lifecycle = new SubscriptionLifecycle(registry, sender, copies, writer, clock);
        this.sweeper = new ExpirySweeper(registry, lifecycle, copies, clock);
    }

    /**
     * Takes up stored subscriptions (before the stack starts); returns the writes that must be durable before any
     * NOTIFY goes out (see {@link RestoredSubscriptions}). {@link #resume} follows once the stack is up.
     */
    public List<SipChange> restore(List<SubscriptionRow> rows, Map<String, PresenceSource> domains, long seq) {
        return restored.take(rows, domains, packages, registry, sender, seq, clock.instant());
    }

    /** Restored subscriptions get their sources' current state now (NOTIFYs where it is known). */
    public void resume() {
        restored.resume(lifecycle);
    }

    /** Every live subscription as a store row (for the rewrite after the store recovered). */
    public List<SubscriptionRow> rows() {
        List<SubscriptionRow> rows = new ArrayList<>();
        for (Subscription s : registry.all()) {
            if (s.persisted()) {
                rows.add(s.toRow());
            }
        }
        return rows;
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

    /** The least gap between two change-caused NOTIFYs of one subscription (RFC 3856 6.10). Before bind. */
    public void notifyInterval(Duration interval) {
        sender.pacer().interval(interval);
    }

    /** What the SIP side counts for operators (NOTIFY ends here; the dispatcher adds final responses). */
    public SipStats stats() {
        return stats;
    }

    /** Read-only views and the operator's actions on live subscriptions. */
    public SubscriptionQueries queries() {
        return new SubscriptionQueries(registry, lifecycle);
    }

    /** Subscriptions alive (pending or active). */
    public int size() {
        return registry.size();
    }

    /** Applies the limits that live here: subscriptions per watcher and in all, NOTIFYs per destination. */
    public void limits(Limits limits) {
        this.limits = limits;
        budget.limit(limits.pendingNotifiesPerDestination());
    }

    /** Whether the process is short of a scarce resource: new subscriptions then get 503 + Retry-After. */
    public void overload(BooleanSupplier overloaded) {
        this.overloaded = overloaded;
    }

    /** Unanswered NOTIFYs toward the flow {@code destination} ({@code address:port/transport}; tests, metrics). */
    public int pendingNotifiesToward(String destination) {
        return budget.inFlight(destination);
    }

    /** Unanswered NOTIFYs in flight, all destinations together. */
    public int pendingNotifies() {
        return sender.outstanding();
    }

    /**
     * Stops. With {@code terminate} (nothing survives the process) live subscriptions get
     * {@code terminated;reason=deactivated} (RFC 6665 4.1.3: retry at once) and the NOTIFYs' answers are awaited,
     * all within {@code wait}; without it (the store keeps the subscriptions for the next start) watchers are told
     * nothing and go on with the restarted gateway. At most {@value #SHUTDOWN_IN_FLIGHT} final NOTIFYs are in flight
     * at a time: 60,000 sent at once filled a 256 MiB heap with their transactions and the stop overran its 10 s by
     * full collections (bench/FINDINGS.md, session 8). Those not told before {@code wait} ends learn it at their
     * next refresh (a 481), as after a crash.
     *
     * @return how many subscriptions were told (0 without {@code terminate})
     */
    public int shutdown(Duration wait, boolean terminate) {
        long deadline = System.nanoTime() + wait.toNanos();
        int told = 0;
        try {
            sweeper.stop();
            sender.pacer().stop();
            if (terminate) {
                List<Subscription> all = List.copyOf(registry.all());
                for (Subscription s : all) {
                    if (!sender.awaitOutstandingAtMost(SHUTDOWN_IN_FLIGHT - 1, deadline)) {
                        break;
                    }
                    lifecycle.apply(s, new SubscriptionEvent.Shutdown());
                    told++;
                }
                if (told < all.size()) {
                    LOG.warn("shutdown: {} of {} watchers told terminated;reason=deactivated in {} ms; the others"
                            + " learn at their next refresh", told, all.size(), wait.toMillis());
                }
            }
            if (!sender.awaitOutstandingAtMost(0, deadline)) {
                LOG.warn("shutdown: {} final NOTIFYs still unanswered", sender.outstanding());
            }
        } finally {
            sender.stop(); // also ends the NOTIFY timers' thread
        }
        return told;
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

    DialogTags tags() {
        return tags;
    }

    /**
     * Whether an out-of-dialog SUBSCRIBE with this Call-ID and From tag belongs to a dialog we know: a live
     * subscription, or one ended in the last 32 s. Its handler must answer it (a copy gets its first answer again),
     * so the UDP reader does not shed it ({@code OverloadShed}).
     */
    public boolean knownDialog(String callId, String fromTag) {
        return copies.knows(new SubscriptionKey(callId, tags.localTag(callId, fromTag)));
    }

    Limits currentLimits() {
        return limits;
    }

    /** Whether new subscriptions are shed now (503 + {@link #OVERLOAD_RETRY_AFTER_SECONDS}). */
    public boolean overloaded() {
        return overloaded.getAsBoolean();
    }
}
