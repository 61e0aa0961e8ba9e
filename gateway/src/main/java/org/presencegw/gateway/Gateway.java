package org.presencegw.gateway;

import java.io.IOException;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.presencegw.gateway.admin.AdminServer;
import org.presencegw.gateway.cli.Reloadable;
import org.presencegw.gateway.config.AdminSettings;
import org.presencegw.gateway.config.GatewayConfig;
import org.presencegw.gateway.config.OpenAccessWarning;
import org.presencegw.gateway.config.Protection;
import org.presencegw.gateway.config.SipSettings;
import org.presencegw.gateway.config.SipWarnings;
import org.presencegw.gateway.jabber.AddressMapper;
import org.presencegw.gateway.jabber.JabberPresenceSource;
import org.presencegw.gateway.lists.RosterListSource;
import org.presencegw.gateway.reverse.ReverseDirection;
import org.presencegw.gateway.store.GatewayStore;
import org.presencegw.gateway.store.StoredSubscriptionMemory;
import org.presencegw.gateway.store.Stores;
import org.presencegw.sip.PresenceServer;
import org.presencegw.sip.SipStartException;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.PresenceSource;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.stack.PemIdentity;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.store.StoreException;
import org.presencegw.xmpp.XmppAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: the composition root that owns the scheduler, the clock, the SIP presence server and the
 * Jabber accounts, and wires the jabber presence source between them, plus the registrar (REGISTER handler,
 * registration-derived presence and its expiry sweep) when a domain's source is {@code registrar}.
 * {@link #reload} applies a new configuration's account mappings without a restart. {@link #close()} shuts down in
 * order: the registration sweep, the SIP side, then XMPP logout, then the scheduler.
 */
public final class Gateway implements Reloadable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final ScheduledExecutorService scheduler;
    private final XmppAccounts xmpp;
    private final PresenceServer sip;
    private final Optional<RegistrarPresenceSource> registrations;
    private final MappedAccounts accounts;
    private final MappedUsers users;
    private final GatewayStore store;
    private final BridgeScope bridgeScope;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final GatewayOperations operations;
    private volatile Optional<AdminServer> admin = Optional.empty();
    private GatewayConfig running;

    private Gateway(ScheduledExecutorService scheduler, XmppAccounts xmpp, PresenceServer sip,
                    Optional<RegistrarPresenceSource> registrations, MappedAccounts accounts, MappedUsers users,
                    GatewayStore store, BridgeScope bridgeScope, GatewayConfig running) {
        this.scheduler = scheduler;
        this.xmpp = xmpp;
        this.sip = sip;
        this.registrations = registrations;
        this.accounts = accounts;
        this.users = users;
        this.store = store;
        this.bridgeScope = bridgeScope;
        this.running = running;
        this.operations = new GatewayOperations(sip, accounts, registrations, store);
    }

    /**
     * Starts everything the configuration asks for. XMPP accounts connect in the background (with retries), so a
     * down XMPP server does not stop start-up; a SIP port that cannot be bound does.
     *
     * @throws GatewayStartException with a one-line message when the gateway cannot start
     */
    public static Gateway start(GatewayConfig config) throws GatewayStartException {
        GatewayStore store;
        try {
            store = Stores.open(config.store(), Path.of(""));
        } catch (StoreException e) {
            throw new GatewayStartException("store: " + e.getMessage(), e);
        }
        try {
            return start(config, store);
        } catch (GatewayStartException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static Gateway start(GatewayConfig config, GatewayStore store) throws GatewayStartException {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "gateway-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        Clock clock = Clock.systemUTC();
        ForwardingSink sink = new ForwardingSink();
        ReverseDirection reverse = new ReverseDirection();
        AddressMapper addresses = new AddressMapper(config.xmpp().domain());
        RosterListSource lists = new RosterListSource(addresses, DomainSources.memberDomain(config), sink, scheduler,
                config.lists().maxMembers());
        PresenceSink jabberSink = (view, state) -> {
            sink.publish(view, state);
            lists.memberChanged(view, state); // a list's member is a jabber view too
        };
        JabberPresenceSource jabber = new JabberPresenceSource(addresses, jabberSink, reverse,
                config.xmpp().resource(), scheduler, config.xmpp().policy().pendingGiveup());
        lists.watchMembersThrough(jabber);
        SipSettings s = config.sip();
        Optional<Registrar> registrar = DomainSources.registrar(config);
        MappedUsers users = new MappedUsers(config.accounts(), config.registrar().allowUnknownUsers());
        Optional<RegistrarPresenceSource> registrations = registrar.map(r -> new RegistrarPresenceSource(r,
                new PublicationStore(r.config().expiry(), RegistrarPresenceSource.publishable(r.config(), users),
                        new SecureRandom()), sink, clock));
        BridgeScope bridgeScope = new BridgeScope(jabber, users::isKnown);
        bridgeScope.watcherDomains(config.protection().bridgeWatcherDomains());
        Map<String, PresenceSource> domains = new HashMap<>();
        config.domains().forEach((domain, sourceName) -> {
            switch (sourceName) {
                case GatewayConfig.SOURCE_JABBER -> domains.put(domain, bridgeScope);
                case GatewayConfig.SOURCE_REGISTRAR -> domains.put(domain, registrations.orElseThrow());
                case GatewayConfig.SOURCE_ROSTER -> domains.put(domain, lists);
                default -> throw new IllegalStateException("config loader let through source " + sourceName);
            }
        });
        PresenceServer sip = new PresenceServer(new SipServerConfig(s.network(), s.defaultExpires(),
                s.minExpires(), s.maxExpires(), domains), config.events(), scheduler, clock, store);
        SipWarnings.of(s.network()).forEach(w -> LOG.warn("{}: {}", config.file(), w));
        sink.target = sip;
        sip.setLimits(config.protection().limits());
        sip.setTrustedNetworks(config.protection().trustedNetworks());
        OpenAccessWarning.of(config).ifPresent(w -> LOG.warn("{}: {}", config.file(), w));
        // Commits that failed while the store was down left it behind memory: rewrite it whole once it is back.
        store.onRecovered(() -> store.replaceSipState(sip.snapshot()));
        sip.setUserDirectory(users);
        registrations.ifPresent(sip::serveRegistrar);
        sip.addUserListener(reverse);

        XmppAccounts xmpp;
        try {
            xmpp = new XmppAccounts(config.xmpp().policy(),
                    StoredSubscriptionMemory.open(store, config.xmpp().policy(), clock));
        } catch (StoreException e) {
            scheduler.shutdownNow();
            throw new GatewayStartException("store: " + e.getMessage(), e);
        }
        MappedAccounts accounts = new MappedAccounts(xmpp, config.xmpp(), jabber, reverse, lists);
        config.accounts().forEach(accounts::add);
        accounts.bridge(config.bridge());
        try {
            sip.start();
        } catch (SipStartException e) {
            xmpp.close();
            scheduler.shutdownNow();
            throw new GatewayStartException(e.getMessage(), e);
        }
        registrations.ifPresent(source -> source.start(scheduler));
        LOG.info("gateway up: SIP {} {}, {} domain(s), {} mapped account(s){}{}", s.network().listen(),
                s.network().ports(), domains.size(), accounts.size(), config.bridge().isPresent() ? " + bridge" : "",
                registrar.isPresent() ? ", registrar for " + registrar.get().config().domains() : "");
        Gateway gateway = new Gateway(scheduler, xmpp, sip, registrations, accounts, users, store, bridgeScope,
                config);
        if (config.admin().isPresent()) {
            AdminSettings a = config.admin().get();
            try {
                gateway.admin = Optional.of(AdminServer.start(a, gateway.operations));
            } catch (IOException e) {
                gateway.close();
                throw new GatewayStartException("admin: cannot listen on " + a.listen().getHostAddress() + ":"
                        + a.port() + " (" + e.getMessage() + ")", e);
            }
        }
        return gateway;
    }

    /** The admin listener's port, when {@code admin:} is configured. */
    public Optional<Integer> adminPort() {
        return admin.map(AdminServer::port);
    }

    @Override
    public void reloadWith(Runnable reloadFromFile) {
        operations.reloadWith(reloadFromFile);
    }

    /** The SIP port actually bound. */
    public int sipPort() {
        return sip.port();
    }

    /**
     * Applies a new, already validated configuration (SIGHUP, docs in the README): added mappings log in, removed
     * ones stop (their watchers get {@code terminated;reason=deactivated}), a mapping whose Jabber account changed
     * does both, digest passwords and {@code registrar.allow_unknown_users} take effect at once, the TLS
     * certificate and key are read again; untouched mappings
     * and their subscriptions are not disturbed. What needs a restart (listen address, ports, domains, the XMPP
     * server) is logged and keeps its running value.
     */
    @Override
    public synchronized void reload(GatewayConfig next) {
        if (closed.get()) {
            return;
        }
        ConfigDiff diff = ConfigDiff.between(running, next);
        for (String key : diff.needRestart()) {
            LOG.warn("{}: {} changed; that takes effect after a restart", next.file(), key);
        }
        try {
            sip.reloadTls();
        } catch (PemIdentity.TlsConfigException e) {
            LOG.warn("{}: sip.tls: {}; the running certificate stays", next.file(), e.getMessage());
        }
        users.update(next.accounts(), next.registrar().allowUnknownUsers());
        boolean xmppReachable = running.usesXmpp() || next.accounts().isEmpty();
        if (!xmppReachable) {
            LOG.warn("{}: accounts need the xmpp section, which takes effect after a restart", next.file());
        } else {
            diff.removed().forEach(accounts::remove);
            diff.added().forEach(accounts::add);
            if (diff.bridgeChanged()) {
                accounts.bridge(next.bridge());
            }
        }
        bridgeScope.watcherDomains(next.protection().bridgeWatcherDomains());
        running = new GatewayConfig(next.file(), running.sip(), running.domains(), running.xmpp(),
                xmppReachable ? next.bridge() : running.bridge(),
                xmppReachable ? next.accounts() : running.accounts(), next.registrar(), running.store(),
                running.events(), new Protection(running.protection().limits(),
                        running.protection().trustedNetworks(), next.protection().bridgeWatcherDomains()),
                running.admin(), running.lists());
        LOG.info("configuration reloaded from {}: {} mapping(s) added, {} removed{}{}", next.file(),
                diff.added().size(), diff.removed().size(), diff.bridgeChanged() ? ", bridge account changed" : "",
                diff.usersChanged() ? ", users' digest settings updated" : "");
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("shutting down: SIP side, XMPP logout, store");
        admin.ifPresent(AdminServer::close);
        registrations.ifPresent(RegistrarPresenceSource::close);
        sip.close();
        xmpp.close();
        store.close();
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("gateway stopped");
    }

    /** Breaks the construction cycle between the sources (which publish) and the server (which they publish to). */
    private static final class ForwardingSink implements PresenceSink {
        volatile PresenceSink target = (view, state) -> { };

        @Override
        public void publish(org.presencegw.sip.api.ViewKey view, org.presencegw.sip.model.PresenceState state) {
            target.publish(view, state);
        }
    }
}
