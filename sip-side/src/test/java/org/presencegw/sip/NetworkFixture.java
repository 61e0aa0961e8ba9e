package org.presencegw.sip;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.TlsFiles;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.FakePresenceSource;
import org.presencegw.sip.testing.FreePorts;

/**
 * A started {@link PresenceServer} on the addresses, transports and advertised address a test gives (each transport
 * on its own free port; domain example.com served by a fake source), for the transport and address ITs.
 */
final class NetworkFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String BOB = "sip:bob@example.com";
    static final String ALICE = "sip:alice@sip.example";

    final FakePresenceSource source = new FakePresenceSource();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final Map<Transport, Integer> ports = new EnumMap<>(Transport.class);
    final PresenceServer server;

    NetworkFixture(List<String> listen, List<Transport> transports, Optional<Advertised> advertise,
                   Optional<TlsFiles> tls) throws SipStartException {
        this(listen, transports, advertise, tls, s -> { });
    }

    /** @param beforeStart configures the server before it starts (user directory, digest) */
    NetworkFixture(List<String> listen, List<Transport> transports, Optional<Advertised> advertise,
                   Optional<TlsFiles> tls, Consumer<PresenceServer> beforeStart) throws SipStartException {
        int udpTcp = FreePorts.pick();
        for (Transport t : transports) {
            ports.put(t, t == Transport.UDP || t == Transport.TCP ? udpTcp : FreePorts.pick());
        }
        server = new PresenceServer(new SipServerConfig(new SipNetwork(listen, ports, advertise, tls), 60, 2, 120,
                Map.of("example.com", source)), scheduler, Clock.systemUTC());
        beforeStart.accept(server);
        server.start();
    }

    static NetworkFixture listening(String... listen) throws SipStartException {
        return new NetworkFixture(List.of(listen), List.of(Transport.UDP, Transport.TCP), Optional.empty(),
                Optional.empty());
    }

    int port(Transport t) {
        return ports.get(t);
    }

    /** The host and port a message's Contact names, as {@code host:port} (IPv6 in brackets). */
    static String contactHostPort(Message m) {
        SipURI uri = (SipURI) ((ContactHeader) m.getHeader(ContactHeader.NAME)).getAddress().getURI();
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The sent-by of a request's top Via, as {@code host:port}. */
    static String viaHostPort(Message m) {
        ViaHeader via = (ViaHeader) m.getHeader(ViaHeader.NAME);
        return via.getHost() + ":" + via.getPort();
    }

    @Override
    public void close() {
        server.close();
        scheduler.shutdownNow();
    }
}
