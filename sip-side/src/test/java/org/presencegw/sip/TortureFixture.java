package org.presencegw.sip;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.InMemoryRegistrationTable;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarConfig;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * The server the RFC 4475 / RFC 5118 torture tests talk to, as the manifest's README asks: example.com served with
 * no authentication, by a registrar (REGISTER and PUBLISH, unknown users allowed), on UDP and TCP at
 * {@code listen}.
 */
final class TortureFixture implements AutoCloseable {

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final PresenceServer server;
    /** The registrar's event state compositor (PUBLISH). */
    final PublicationStore publications;
    private final String listen;

    TortureFixture() throws SipStartException {
        this("127.0.0.1");
    }

    TortureFixture(String listen) throws SipStartException {
        this(listen, server -> { });
    }

    /** A fixture whose server {@code configure} sets up (limits ...) before it starts. */
    TortureFixture(String listen, java.util.function.Consumer<PresenceServer> configure) throws SipStartException {
        this.listen = listen;
        RegistrarConfig config = new RegistrarConfig(Set.of("example.com"), new ExpiryPolicy(600, 60, 3600));
        Registrar registrar = new Registrar(config, new InMemoryRegistrationTable());
        publications = new PublicationStore(new ExpiryPolicy(600, 1, 3600), aor -> true, new SecureRandom());
        PresenceServer[] self = new PresenceServer[1];
        RegistrarPresenceSource source = new RegistrarPresenceSource(registrar, publications,
                (view, state) -> self[0].publish(view, state), Clock.systemUTC());
        server = new PresenceServer(new SipServerConfig(listen, FreePorts.pick(), Set.of(Transport.UDP,
                Transport.TCP), 60, 2, 120, Map.of("example.com", source)), scheduler, Clock.systemUTC());
        self[0] = server;
        server.serveRegistrar(source);
        configure.accept(server);
        server.start();
    }

    SipTestAgent agent(Transport transport) {
        return SipTestAgent.start(transport, listen, server.port());
    }

    @Override
    public void close() {
        server.close();
        scheduler.shutdownNow();
    }
}
