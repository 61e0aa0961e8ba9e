package org.presencegw.sip;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.message.Request;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.SipUserListener;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.auth.DigestAuthenticator;
import org.presencegw.sip.auth.DigestConfig;
import org.presencegw.sip.event.EventPackages;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.BindingsChanged;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.server.OptionsHandler;
import org.presencegw.sip.server.PublishHandler;
import org.presencegw.sip.server.RegisterHandler;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.SipDispatcher;
import org.presencegw.sip.server.SipUserEvents;
import org.presencegw.sip.stack.FlowTable;
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
 * their REGISTER (To user), PUBLISH (From user) and SUBSCRIBE (From user, the watcher) with digest credentials
 * (RFC 3261 section 22, RFC 7616). One authenticator serves the server, so there is one realm: the one of
 * {@link #setDigestConfig}, by default the alphabetically first registrar domain, else the first served domain.
 *
 * <p>The reverse direction: {@link #addUserListener} hears every change of a registrar-domain user's own state
 * (bindings and publications), when the registrar is served through {@link #serveRegistrar(RegistrarPresenceSource)}.
 */
public final class PresenceServer implements PresenceSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceServer.class);
    private static final Duration FINAL_NOTIFY_WAIT = Duration.ofSeconds(2);

    private final SipServerConfig config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final String stackName = "presencegw-" + UUID.randomUUID();
    private final FlowTable flows = FlowTable.register(stackName);
    private final EventPackages packages = EventPackages.presenceOnly();
    private final Subscriptions subscriptions;
    private final SipDispatcher dispatcher;
    private final AtomicLong publishSeq = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RequestAuthenticator requestAuth = new RequestAuthenticator();
    private final SipUserEvents userEvents;
    private final Set<String> registrarDomains = ConcurrentHashMap.newKeySet();
    private volatile UserDirectory users = UserDirectory.OPEN;
    private volatile Optional<DigestConfig> digestConfig = Optional.empty();
    private volatile SipStackHost stack;

    public PresenceServer(SipServerConfig config, ScheduledExecutorService scheduler, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.subscriptions = new Subscriptions(scheduler, clock, flows, packages);
        this.dispatcher = new SipDispatcher(subscriptions.clientEvents(), clock);
        this.userEvents = new SipUserEvents(scheduler);
        ExpiryPolicy policy = new ExpiryPolicy(config.defaultExpires(), config.minExpires(), config.maxExpires());
        dispatcher.register(Request.SUBSCRIBE, subscriptions.subscribeHandler(policy, config.domains(),
                publishSeq::get, requestAuth));
        dispatcher.register(Request.OPTIONS, new OptionsHandler(dispatcher, packages));
    }

    /**
     * Serves REGISTER with {@code registrar} (then listed in Allow); {@code onChange} hears every change of an
     * AOR's contacts. The low-level form, for tests: it serves neither PUBLISH nor the user listeners.
     */
    void serveRegistrar(Registrar registrar, Consumer<BindingsChanged> onChange) {
        requireNotStarted();
        registrarDomains.addAll(registrar.config().domains());
        requestAuth.addRegistrarDomains(registrar.config().domains());
        dispatcher.register(Request.REGISTER, new RegisterHandler(registrar, clock, onChange, requestAuth));
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
        source.publications().ifPresent(store -> dispatcher.register(Request.PUBLISH,
                new PublishHandler(store, clock, requestAuth, source::onPublicationChange)));
        source.onUserState(userEvents::submit);
    }

    /** Who must authenticate and who may use registrar domains; default {@link UserDirectory#OPEN}. Before start. */
    public void setUserDirectory(UserDirectory directory) {
        requireNotStarted();
        this.users = Objects.requireNonNull(directory, "directory");
    }

    /** Realm, nonce lifetime and algorithms of the server's one digest authenticator. Before start. */
    public void setDigestConfig(DigestConfig digest) {
        requireNotStarted();
        this.digestConfig = Optional.of(digest);
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

    /** The realm when none is configured: first registrar domain, else first served domain, else the address. */
    private String defaultRealm() {
        Set<String> candidates = new TreeSet<>(registrarDomains.isEmpty() ? config.domains().keySet()
                : registrarDomains);
        return candidates.isEmpty() ? config.listen() : candidates.iterator().next();
    }

    /** Creates the stack and listens on every configured transport. */
    public void start() throws SipStartException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        DigestConfig digest = digestConfig.orElseGet(() -> DigestConfig.defaults(defaultRealm()));
        requestAuth.configure(users, new DigestAuthenticator(digest, clock, new SecureRandom()), digest.realm());
        stack = SipStackHost.start(stackName, config.listen(), config.port(), config.transports(), dispatcher,
                context -> {
                    dispatcher.bind(context);
                    subscriptions.bind(context);
                });
        LOG.info("SIP presence server listening on {}:{} {}", config.listen(), config.port(), config.transports());
    }

    public int port() {
        return config.port();
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

    /** Tests: the number of unanswered NOTIFYs above which new subscriptions get 503. */
    void maxOutstandingNotifies(int max) {
        subscriptions.maxOutstandingNotifies(max);
    }

    /** Final NOTIFY {@code terminated;reason=deactivated} to all, bounded wait, release views, stop the stack. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SipStackHost s = stack;
        if (s != null) {
            subscriptions.shutdown(FINAL_NOTIFY_WAIT);
            s.close();
        }
        flows.close();
        LOG.info("SIP presence server on port {} closed", config.port());
    }
}
