package org.presencegw.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.presencegw.sip.store.CommitCallbacks;
import org.presencegw.sip.store.SipState;
import org.presencegw.sip.store.SipStateStore;
import org.presencegw.sip.store.StateWriter;
import org.presencegw.sip.store.VolatileStore;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.api.EventSettings;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.TrustedNetworks;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.SipUserListener;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.auth.DigestConfig;
import org.presencegw.sip.event.EventPackages;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.BindingsChanged;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.server.OptionsHandler;
import org.presencegw.sip.server.OverloadGuard;
import org.presencegw.sip.server.PublishHandler;
import org.presencegw.sip.server.RegisterHandler;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.SipDispatcher;
import org.presencegw.sip.server.SipUserEvents;
import org.presencegw.sip.stack.BoundedUdpQueue;
import org.presencegw.sip.stack.DirectUdp;
import org.presencegw.sip.stack.FlowTable;
import org.presencegw.sip.stack.OverloadShed;
import org.presencegw.sip.stack.PemIdentity;
import org.presencegw.sip.stack.SipStackHost;
import org.presencegw.sip.subscription.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP presence server (RFC 3856 presence agent) on a JAIN-SIP RI stack: serves SUBSCRIBE for the domains in
 * its config, NOTIFYs watchers on {@link #publish}, answers OPTIONS, and REGISTER and PUBLISH when
 * {@link #serveRegistrar(RegistrarPresenceSource)} was called. Start once, close once (idempotent). It wires the
 * parts (docs/ARCHITECTURE.md): the {@link SipStackHost}, the {@link SipDispatcher} with one handler per method,
 * and the {@link Subscriptions}.
 *
 * <p>Authentication: users for whom the {@link #setUserDirectory UserDirectory} has a password must authenticate
 * with digest credentials, in one realm ({@link #setDigestConfig}; details at {@link ServerSettings}).
 *
 * <p>The reverse direction: {@link #addUserListener} hears every change of a registrar-domain user's own state
 * (bindings and publications), when the registrar is served through {@link #serveRegistrar(RegistrarPresenceSource)}.
 */
public final class PresenceServer implements PresenceSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceServer.class);
    private static final Duration FINAL_NOTIFY_WAIT = Duration.ofSeconds(2);
    private static final int COMMIT_THREADS = 2; // send the answers waiting for the store (its writer must not)
    /** Answers that may wait for those threads before the listener threads send some ({@link CommitCallbacks}). */
    private static final int COMMIT_BACKLOG = 128;
    /** Short stack names, unique in the JVM: the kernel shows 15 characters of a thread name ("sip1-committed-"). */
    private static final AtomicLong STACKS = new AtomicLong();

    private final SipServerConfig config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final String stackName = "sip" + STACKS.incrementAndGet();
    private final OverloadShed shed;
    private final FlowTable flows = FlowTable.register(stackName);
    private final EventPackages packages;
    private final ExecutorService commitCallbacks;
    private final StateWriter writer;
    private final Subscriptions subscriptions;
    private final List<RegistrarPresenceSource> registrarSources = new CopyOnWriteArrayList<>();
    private final DurableState durableState;
    private final SipDispatcher dispatcher;
    private final AtomicLong publishSeq = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RequestAuthenticator requestAuth = new RequestAuthenticator();
    private final SipUserEvents userEvents;
    private final ServerSettings settings;
    private volatile SipStackHost stack;
    private final ServerTls tls;

    /** A server whose state lives only in memory. */
    public PresenceServer(SipServerConfig config, ScheduledExecutorService scheduler, Clock clock) {
        this(config, scheduler, clock, new VolatileStore());
    }

    /**
     * A server whose subscriptions, bindings and publications live in {@code store} too: {@link #start} takes up
     * what it holds, and a 2xx is sent only once the state behind it is durable. The caller owns the store (opens
     * it before and closes it after this server).
     */
    public PresenceServer(SipServerConfig config, ScheduledExecutorService scheduler, Clock clock,
                          SipStateStore store) {
        this(config, EventSettings.DEFAULTS, scheduler, clock, store);
    }

    /**
     * A server with the given event packages and NOTIFY pacing ({@link EventSettings}); the other constructors use
     * {@link EventSettings#DEFAULTS}.
     */
    public PresenceServer(SipServerConfig config, EventSettings events, ScheduledExecutorService scheduler,
                          Clock clock, SipStateStore store) {
        this.packages = EventPackages.from(Objects.requireNonNull(events, "events"));
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commitCallbacks = Executors.newFixedThreadPool(COMMIT_THREADS, DaemonThreads.named(stackName + "-committed"));
        CommitCallbacks callbacks = new CommitCallbacks(commitCallbacks, COMMIT_BACKLOG);
        this.writer = new StateWriter(Objects.requireNonNull(store, "store"), callbacks);
        this.subscriptions = new Subscriptions(scheduler, clock, flows, packages, writer);
        subscriptions.notifyInterval(events.notifyInterval());
        this.durableState = new DurableState(store, subscriptions, registrarSources, config.domains());
        this.dispatcher = new SipDispatcher(subscriptions.clientEvents(), clock);
        dispatcher.beforeEachRequest(callbacks::help);
        dispatcher.stats(subscriptions.stats());
        subscriptions.stats().udpCopiesDropped(() -> BoundedUdpQueue.copiesDropped(stackName));
        this.userEvents = new SipUserEvents(scheduler);
        ExpiryPolicy policy = new ExpiryPolicy(config.defaultExpires(), config.minExpires(), config.maxExpires());
        dispatcher.register(Request.SUBSCRIBE, subscriptions.subscribeHandler(policy, config.domains(),
                publishSeq::get, requestAuth));
        dispatcher.register(Request.OPTIONS, new OptionsHandler(dispatcher, packages));
        OverloadGuard guard = new OverloadGuard(() -> BoundedUdpQueue.depth(stackName), BoundedUdpQueue.CAPACITY);
        subscriptions.overload(guard::overloaded);
        this.shed = new OverloadShed(subscriptions::overloaded, subscriptions::knownDialog,
                Subscriptions.OVERLOAD_RETRY_AFTER_SECONDS,
                () -> subscriptions.stats().answered(Request.SUBSCRIBE, Response.SERVICE_UNAVAILABLE, 0));
        this.tls = new ServerTls(config.network().tls());
        this.settings = new ServerSettings(config, subscriptions, dispatcher, requestAuth, registrarSources);
    }

    /**
     * Serves REGISTER with {@code registrar} (then listed in Allow); {@code onChange} hears every change of an
     * AOR's contacts. The low-level form, for tests: it serves neither PUBLISH nor the user listeners.
     */
    void serveRegistrar(Registrar registrar, Consumer<BindingsChanged> onChange) {
        requireNotStarted();
        settings.registrar(registrar);
        dispatcher.register(Request.REGISTER, new RegisterHandler(registrar, clock, onChange, requestAuth, writer));
    }

    /**
     * Serves a registrar domain completely: REGISTER with the source's registrar, PUBLISH (RFC 3903, then listed in
     * Allow, PUB-12) when the source has a {@link PublicationStore}, and every change of a user's bindings or
     * publications reported to the {@link #addUserListener user listeners}. The source's sweep
     * ({@link RegistrarPresenceSource#start}) expires both bindings and publications. Call before {@link #start()}.
     */
    public void serveRegistrar(RegistrarPresenceSource source) {
        requireNotStarted();
        serveRegistrar(source.registrar(), source::onChange);
        source.publications().ifPresent(publications -> {
            settings.publications(publications);
            dispatcher.register(Request.PUBLISH, new PublishHandler(publications, clock, requestAuth,
                    source::onPublicationChange, writer, subscriptions::overloaded));
        });
        source.onUserState(userEvents::submit);
        source.persistTo(writer);
        registrarSources.add(source);
    }

    /** Who must authenticate and who may use registrar domains; default {@link UserDirectory#OPEN}. Before start. */
    public void setUserDirectory(UserDirectory directory) {
        requireNotStarted();
        settings.userDirectory(directory);
    }

    /** What one peer and the whole server may hold (issue 10, {@code limits:}); default {@link Limits#DEFAULTS}. */
    public void setLimits(Limits limits) {
        requireNotStarted();
        settings.limits(limits);
    }

    /** Sources needing no digest and not rate-limited ({@code sip.trusted_networks}); default none. */
    public void setTrustedNetworks(TrustedNetworks networks) {
        requireNotStarted();
        settings.trustedNetworks(networks);
    }

    /** Realm, nonce lifetime and algorithms of the server's one digest authenticator. Before start. */
    public void setDigestConfig(DigestConfig digest) {
        requireNotStarted();
        settings.digest(digest);
    }

    /** Adds a listener for SIP users' own state (registered, published); called in order per AOR, off-lock. */
    public void addUserListener(SipUserListener listener) {
        userEvents.add(listener);
    }

    private void requireNotStarted() {
        if (started.get()) {
            throw new IllegalStateException("configure the server before start()");
        }
    }

    /**
     * Takes up the stored state (bindings and publications, then subscriptions, whose new CSeq reservations are
     * made durable before any NOTIFY), creates the stack and listens on every configured transport, then lets the
     * restored subscriptions notify.
     */
    public void start() throws SipStartException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        settings.configureAuthentication(clock);
        if (writer.durable()) {
            durableState.restore(publishSeq.get());
        }
        if (OverloadShed.ENABLED) {
            DirectUdp.shed(stackName, shed);
        }
        stack = SipStackHost.start(stackName, config.network(), tls.load(), dispatcher, context -> {
            dispatcher.bind(context);
            subscriptions.bind(context);
        });
        subscriptions.resume();
        LOG.info("SIP presence server listening on {} {}{}", stack.context().endpoints().addresses(),
                config.network().ports(), config.network().advertise().map(a -> ", advertising " + a.host()
                        + a.port().stream().mapToObj(p -> ":" + p).findFirst().orElse("")).orElse(""));
    }

    /**
     * Reads the TLS certificate and key again (SIGHUP): handshakes from now on use them, connections already up
     * keep theirs. Does nothing without TLS.
     *
     * @throws PemIdentity.TlsConfigException the files cannot be used; the old identity stays
     */
    public void reloadTls() throws PemIdentity.TlsConfigException {
        tls.reload();
    }

    /** The whole in-memory state as store rows: what the store should hold (its rewrite after an outage). */
    public SipState snapshot() {
        return durableState.snapshot();
    }

    public int port() {
        return config.port();
    }

    /** What operators see and may do: counters, live subscriptions, whether the stack serves. */
    public OperatorView operatorView() {
        return new OperatorView(subscriptions.stats(), subscriptions.queries(), () -> stack != null && !closed.get());
    }

    /**
     * Copies of UDP requests dropped before they were parsed, their first copy still waiting or being handled
     * (RFC 3261 17.2.2; see {@link org.presencegw.sip.stack.PendingCopies}).
     */
    public long udpCopiesDropped() {
        return BoundedUdpQueue.copiesDropped(stackName);
    }

    /**
     * New subscriptions over UDP answered 503 by the UDP reader thread while the process was overloaded, before they
     * were parsed (see {@link OverloadShed}).
     */
    public long udpOverloadShed() {
        return shed.shed();
    }

    /** Subscriptions currently alive (pending or active). */
    public int activeSubscriptions() {
        return subscriptions.size();
    }

    /** Never blocks: the change is fanned out on the scheduler; later publishes win over earlier ones. */
    @Override
    public void publish(ViewKey view, PresenceState state) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(state, "state");
        if (closed.get()) {
            return;
        }
        long seq = publishSeq.incrementAndGet();
        scheduler.execute(() -> {
            try {
                subscriptions.fanOut(view, state, seq);
            } catch (RuntimeException e) {
                LOG.warn("fan-out of {} failed", view, e);
            }
        });
    }

    /** Tests: what says the process is overloaded (new subscriptions get 503) instead of heap and queue. */
    void overloadSignal(BooleanSupplier overloaded) {
        subscriptions.overload(overloaded);
    }

    /** Unanswered NOTIFYs toward {@code destination} ({@code address:port/transport}, e.g. a silent watcher). */
    public int pendingNotifiesToward(String destination) {
        return subscriptions.pendingNotifiesToward(destination);
    }

    /**
     * Stops: without a durable store every watcher gets a final NOTIFY {@code terminated;reason=deactivated} (bounded
     * wait); with one, watchers are told nothing (their subscriptions go on after the restart). Then the stack stops.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SipStackHost s = stack;
        if (s != null) {
            subscriptions.shutdown(FINAL_NOTIFY_WAIT, !writer.durable());
            s.close();
        }
        commitCallbacks.shutdown();
        flows.close();
        LOG.info("SIP presence server on port {} closed", config.port());
    }
}
