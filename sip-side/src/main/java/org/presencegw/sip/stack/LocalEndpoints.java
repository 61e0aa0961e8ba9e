package org.presencegw.sip.stack;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sip.SipProvider;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.api.Transport;

/**
 * The concrete local addresses the stack listens on, one {@link SipProvider} each (the RI allows one listening
 * point per transport and provider), the port of each transport, and the advertised address. Answers the two
 * questions every message we generate asks: which provider (socket) sends it, and which host and port its Contact
 * and Via name: the advertised ones when set, else the local address the request arrived on (issue 15).
 */
public final class LocalEndpoints {

    private final Map<String, SipProvider> byAddress;
    private final Map<Transport, Integer> ports;
    private final Optional<Advertised> advertise;
    /** The stack's name, under which {@link DirectUdp} keeps its UDP sockets; empty: none (tests' endpoints). */
    private final String stackName;

    /** @param byAddress provider per local address text ({@link HostLiterals#text}), in listen order */
    public LocalEndpoints(Map<String, SipProvider> byAddress, Map<Transport, Integer> ports,
                          Optional<Advertised> advertise) {
        this(byAddress, ports, advertise, "");
    }

    /** @param stackName the stack's name, whose UDP sockets {@link #udpSocket} finds in {@link DirectUdp} */
    public LocalEndpoints(Map<String, SipProvider> byAddress, Map<Transport, Integer> ports,
                          Optional<Advertised> advertise, String stackName) {
        if (byAddress.isEmpty()) {
            throw new IllegalArgumentException("no local address");
        }
        this.byAddress = new LinkedHashMap<>(byAddress);
        this.ports = Map.copyOf(ports);
        this.advertise = Objects.requireNonNull(advertise, "advertise");
        this.stackName = Objects.requireNonNull(stackName, "stackName");
    }

    /** The name of the stack, under which {@link DirectUdp} knows it; empty when it has no direct UDP. */
    public String stackName() {
        return stackName;
    }

    /** The UDP socket {@code flow}'s provider listens on, to send on without the RI ({@link DirectUdp}). */
    public Optional<DatagramSocket> udpSocket(Flow flow) {
        return stackName.isEmpty() ? Optional.empty() : DirectUdp.socket(stackName, localFor(flow));
    }

    /** The local addresses, in listen order. */
    public List<String> addresses() {
        return List.copyOf(byAddress.keySet());
    }

    /** The first address's provider (for what has no flow yet). */
    public SipProvider defaultProvider() {
        return byAddress.values().iterator().next();
    }

    /** The provider whose socket {@code flow} uses: the one bound to its local address. */
    public SipProvider providerFor(Flow flow) {
        return byAddress.get(localFor(flow));
    }

    /**
     * The local address of {@code flow}: the one it arrived on, or for a flow without one (restored from the
     * store) the bound address the kernel would send from towards the peer, else the first of the same family.
     */
    public String localFor(Flow flow) {
        if (byAddress.containsKey(flow.local())) {
            return flow.local();
        }
        try {
            InetAddress peer = InetAddress.getByName(HostLiterals.unbracket(flow.address()));
            Optional<String> routed = sourceTowards(peer).filter(byAddress::containsKey);
            if (routed.isPresent()) {
                return routed.get();
            }
            boolean v6 = peer.getAddress().length == 16;
            for (String a : byAddress.keySet()) {
                if ((a.indexOf(':') >= 0) == v6) {
                    return a;
                }
            }
        } catch (UnknownHostException e) {
            // fall through to the first address
        }
        return byAddress.keySet().iterator().next();
    }

    /** The host our Contact and Via name for {@code flow} (an IPv6 literal without brackets). */
    public String sentByHost(Flow flow) {
        return advertise.map(Advertised::host).orElseGet(() -> localFor(flow));
    }

    /** The port our Contact and Via name for {@code flow}: its transport's, or the advertised UDP/TCP port. */
    public int sentByPort(Flow flow) {
        Transport t = Transport.ofWire(flow.transport());
        if (advertise.isPresent() && advertise.get().port().isPresent()
                && (t == Transport.UDP || t == Transport.TCP)) {
            return advertise.get().port().getAsInt();
        }
        Integer port = ports.get(t);
        return port != null ? port : ports.values().iterator().next();
    }

    /** Whether {@code port} is the TLS or WSS listening port (a request that came to it came over TLS). */
    public boolean securePort(int port) {
        return Integer.valueOf(port).equals(ports.get(Transport.TLS))
                || Integer.valueOf(port).equals(ports.get(Transport.WSS));
    }

    private static Optional<String> sourceTowards(InetAddress peer) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(peer, 9);
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? Optional.empty()
                    : Optional.of(HostLiterals.text(local));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
