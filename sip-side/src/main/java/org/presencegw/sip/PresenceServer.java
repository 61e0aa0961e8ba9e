package org.presencegw.sip;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.message.Request;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.SipUserListener;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.api.ViewKey;
import org.presencegw.sip.auth.DigestAuthenticator;
import org.presencegw.sip.auth.DigestConfig;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.publish.PublicationChange;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.BindingsChanged;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.server.OptionsHandler;
import org.presencegw.sip.server.PresenceAgent;
import org.presencegw.sip.server.PublishHandler;
import org.presencegw.sip.server.RegisterHandler;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.SipDispatcher;
import org.presencegw.sip.server.SipUserEvents;
import org.presencegw.sip.server.StackContext;
import org.presencegw.sip.server.SubscribeHandler;
import org.presencegw.sip.stack.FlowTable;
import org.presencegw.sip.stack.StackProperties;
import org.presencegw.sip.subscription.ExpiresPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP presence server (RFC 3856 presence agent) on a JAIN-SIP RI stack: serves SUBSCRIBE for the domains in
 * its config, NOTIFYs watchers on {@link #publish}, answers OPTIONS, and REGISTER and PUBLISH when
 * {@link #serveRegistrar} / {@link #servePublish} were called. Start once, close once (idempotent).
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
    private static final Duration STACK_STOP_WAIT = Duration.ofSeconds(3);

    private final SipServerConfig config;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final String stackName = "presencegw-" + UUID.randomUUID();
    private final FlowTable flows = FlowTable.register(stackName);
    private final PresenceAgent agent;
    private final SipDispatcher dispatcher;
    private final AtomicLong publishSeq = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RequestAuthenticator requestAuth = new RequestAuthenticator();
    private final SipUserEvents userEvents;
    private final Set<String> registrarDomains = ConcurrentHashMap.newKeySet();
    private volatile UserDirectory users = UserDirectory.OPEN;
    private volatile Optional<DigestConfig> digestConfig = Optional.empty();
    private volatile SipStack stack;

    public PresenceServer(SipServerConfig config, ScheduledExecutorService scheduler, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.agent = new PresenceAgent(scheduler, clock, flows);
        this.dispatcher = new SipDispatcher(agent, clock);
        this.userEvents = new SipUserEvents(scheduler);
        ExpiresPolicy policy = new ExpiresPolicy(config.defaultExpires(), config.minExpires(), config.maxExpires());
        dispatcher.register(Request.SUBSCRIBE, new SubscribeHandler(agent, policy, config.domains(), publishSeq::get,
                requestAuth));
        dispatcher.register(Request.OPTIONS, new OptionsHandler(dispatcher));
    }

    /** Where further method handlers (REGISTER, PUBLISH) plug in; register them before {@link #start()}. */
    public SipDispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * Serves REGISTER with {@code registrar} (then listed in Allow); {@code onChange} hears every change of an
     * AOR's contacts, typically {@link RegistrarPresenceSource#onChange}. Call before {@link #start()}.
     * This low-level form serves neither PUBLISH nor the {@link #addUserListener user listeners}; prefer
     * {@link #serveRegistrar(RegistrarPresenceSource)}.
     */
    public void serveRegistrar(Registrar registrar, Consumer<BindingsChanged> onChange) {
        requireNotStarted();
        registrarDomains.addAll(registrar.config().domains());
        requestAuth.addRegistrarDomains(registrar.config().domains());
        dispatcher.register(Request.REGISTER, new RegisterHandler(registrar, clock, onChange, requestAuth));
    }

    /**
     * Serves a registrar domain completely: REGISTER with the source's registrar, PUBLISH (RFC 3903) when the
     * source has a {@link PublicationStore}, and every change of a user's bindings or publications reported to the
     * {@link #addUserListener user listeners}. The source's sweep ({@link RegistrarPresenceSource#start}) expires
     * both bindings and publications. Call before {@link #start()}.
     */
    public void serveRegistrar(RegistrarPresenceSource source) {
        requireNotStarted();
        serveRegistrar(source.registrar(), source::onChange);
        source.publications().ifPresent(store -> servePublish(store, source::onPublicationChange));
        source.onUserState(userEvents::submit);
    }

    /**
     * Serves PUBLISH for the presence event package (RFC 3903) with {@code store}; PUBLISH is then listed in Allow
     * (PUB-12). {@code onChange} hears every change of a presentity's composed published state, typically
     * {@link RegistrarPresenceSource#onPublicationChange}; expiry is the caller's sweep. Call before {@link #start()}.
     */
    public void servePublish(PublicationStore store, Consumer<PublicationChange> onChange) {
        requireNotStarted();
        dispatcher.register(Request.PUBLISH, new PublishHandler(store, clock, requestAuth, onChange));
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

    public void removeUserListener(SipUserListener listener) {
        userEvents.remove(listener);
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
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            stack = factory.createSipStack(StackProperties.server(stackName));
        } catch (Exception e) {
            throw new SipStartException("cannot create SIP stack: " + rootMessage(e), e);
        }
        List<ListeningPoint> points = new ArrayList<>();
        for (Transport t : List.of(Transport.UDP, Transport.TCP)) {
            if (!config.transports().contains(t)) {
                continue;
            }
            try {
                points.add(stack.createListeningPoint(config.listen(), config.port(), t.wire()));
            } catch (Exception e) {
                stopStack();
                throw new SipStartException("cannot listen on " + config.listen() + ":" + config.port() + "/"
                        + t.wire() + ": " + rootMessage(e), e);
            }
        }
        try {
            SipProvider provider = stack.createSipProvider(points.get(0));
            for (ListeningPoint lp : points.subList(1, points.size())) {
                provider.addListeningPoint(lp);
            }
            StackContext context = new StackContext(provider, factory.createMessageFactory(),
                    factory.createHeaderFactory(), factory.createAddressFactory(), config.listen(), config.port());
            dispatcher.bind(context);
            agent.bind(context);
            provider.addSipListener(dispatcher);
            stack.start();
        } catch (Exception e) {
            stopStack();
            throw new SipStartException("cannot start SIP stack on " + config.listen() + ":" + config.port() + ": "
                    + rootMessage(e), e);
        }
        LOG.info("SIP presence server listening on {}:{} {}", config.listen(), config.port(), config.transports());
    }

    public int port() {
        return config.port();
    }

    /** Subscriptions currently alive (pending or active). */
    public int activeSubscriptions() {
        return agent.size();
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
                agent.fanOut(view, state, seq);
            } catch (RuntimeException e) {
                LOG.warn("fan-out of {} failed", view, e);
            }
        });
    }

    /** Tests: the number of unanswered NOTIFYs above which new subscriptions get 503. */
    void maxOutstandingNotifies(int max) {
        agent.maxOutstandingNotifies(max);
    }

    /** Final NOTIFY {@code terminated;reason=deactivated} to all, bounded wait, release views, stop the stack. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (stack != null) {
            agent.shutdown(FINAL_NOTIFY_WAIT);
        }
        stopStack();
        flows.close();
        LOG.info("SIP presence server on port {} closed", config.port());
    }

    private void stopStack() {
        SipStack s = stack;
        if (s == null) {
            return;
        }
        Thread stopper = new Thread(s::stop, stackName + "-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(STACK_STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("SIP stack {} did not stop within {}", stackName, STACK_STOP_WAIT);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("address already in use")) {
            return "address already in use";
        }
        return m;
    }
}
