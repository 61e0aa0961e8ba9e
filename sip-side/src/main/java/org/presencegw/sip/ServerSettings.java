package org.presencegw.sip;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.TrustedNetworks;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.auth.DigestAuthenticator;
import org.presencegw.sip.auth.DigestConfig;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.server.RequestAuthenticator;
import org.presencegw.sip.server.SipDispatcher;
import org.presencegw.sip.subscription.Subscriptions;

/**
 * What a {@link PresenceServer} is told before its start (its setters), applied to the parts each concerns.
 *
 * <p>Authentication: users for whom the {@link UserDirectory} has a password must authenticate their REGISTER (To
 * user), PUBLISH (From user) and SUBSCRIBE (From user, the watcher) with digest credentials (RFC 3261 section 22,
 * RFC 7616). One authenticator serves the server, so there is one realm: the one of the {@link DigestConfig}, by
 * default the alphabetically first registrar domain, else the first served domain.
 */
final class ServerSettings {
    private final SipServerConfig config;
    private final Subscriptions subscriptions;
    private final SipDispatcher dispatcher;
    private final RequestAuthenticator requestAuth;
    private final List<RegistrarPresenceSource> registrarSources;
    private final Set<String> registrarDomains = ConcurrentHashMap.newKeySet();
    private volatile UserDirectory users = UserDirectory.OPEN;
    private volatile Optional<DigestConfig> digestConfig = Optional.empty();
    private volatile Limits limits = Limits.DEFAULTS;
    private volatile TrustedNetworks trusted = TrustedNetworks.NONE;

    /** @param registrarSources the server's registrar sources (a change of limits reaches their registrars) */
    ServerSettings(SipServerConfig config, Subscriptions subscriptions, SipDispatcher dispatcher,
                   RequestAuthenticator requestAuth, List<RegistrarPresenceSource> registrarSources) {
        this.config = config;
        this.subscriptions = subscriptions;
        this.dispatcher = dispatcher;
        this.requestAuth = requestAuth;
        this.registrarSources = registrarSources;
    }

    void userDirectory(UserDirectory directory) {
        this.users = Objects.requireNonNull(directory, "directory");
    }

    void limits(Limits value) {
        this.limits = Objects.requireNonNull(value, "limits");
        subscriptions.limits(value);
        dispatcher.limitSources(value.requestsPerSecondPerSource(), trusted::contains);
        registrarSources.forEach(r -> {
            r.registrar().limitBindingsPerAor(value.bindingsPerAor());
            r.publications().ifPresent(this::publications);
        });
    }

    /** A publication store is served: it takes the publication limits. */
    void publications(PublicationStore store) {
        store.limit(limits.publicationsPerAor(), limits.publicationsTotal());
    }

    void trustedNetworks(TrustedNetworks networks) {
        this.trusted = Objects.requireNonNull(networks, "networks");
        requestAuth.trust(networks);
        dispatcher.limitSources(limits.requestsPerSecondPerSource(), networks::contains);
    }

    void digest(DigestConfig digest) {
        this.digestConfig = Optional.of(digest);
    }

    /** A registrar is served: its domains are registrar domains, and it takes the bindings limit. */
    void registrar(Registrar registrar) {
        Collection<String> domains = registrar.config().domains();
        registrarDomains.addAll(domains);
        requestAuth.addRegistrarDomains(domains);
        registrar.limitBindingsPerAor(limits.bindingsPerAor());
    }

    /** At start: the one digest authenticator, with the configured realm or the default one. */
    void configureAuthentication(Clock clock) {
        DigestConfig digest = digestConfig.orElseGet(() -> DigestConfig.defaults(defaultRealm()));
        requestAuth.configure(users, new DigestAuthenticator(digest, clock, new SecureRandom()), digest.realm());
    }

    /** The realm when none is configured: first registrar domain, else first served domain, else the address. */
    private String defaultRealm() {
        Set<String> candidates = new TreeSet<>(registrarDomains.isEmpty() ? config.domains().keySet()
                : registrarDomains);
        return candidates.isEmpty() ? config.listen() : candidates.iterator().next();
    }
}
