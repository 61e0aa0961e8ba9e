package org.presencegw.sip.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where the server listens and what it calls itself: the addresses to bind (a wildcard {@code 0.0.0.0} or
 * {@code ::} stands for every address of the machine), a port per transport, the advertised address, and the TLS
 * identity that TLS and WSS need.
 *
 * @param listen    IP literals or host names, at least one
 * @param ports     the transports to serve, each with its port
 * @param advertise what Contact and Via name, if not the local address a request arrived on
 * @param tls       the certificate and key; required when TLS or WSS is served
 */
public record SipNetwork(List<String> listen, Map<Transport, Integer> ports, Optional<Advertised> advertise,
                         Optional<TlsFiles> tls) {
    public SipNetwork {
        listen = List.copyOf(listen);
        ports = Map.copyOf(ports);
        Objects.requireNonNull(advertise, "advertise");
        Objects.requireNonNull(tls, "tls");
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("no listen address");
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("no transport");
        }
        ports.forEach((t, p) -> {
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("bad port " + p + " for " + t.wire());
            }
        });
        if (tls.isEmpty() && ports.keySet().stream().anyMatch(Transport::secure)) {
            throw new IllegalArgumentException("tls and wss need a certificate");
        }
    }

    /** One address, UDP and TCP (or whichever of {@code transports}) on one port, nothing advertised. */
    public static SipNetwork simple(String listen, int port, Set<Transport> transports) {
        Map<Transport, Integer> ports = new EnumMap<>(Transport.class);
        transports.forEach(t -> ports.put(t, port));
        return new SipNetwork(List.of(listen), ports, Optional.empty(), Optional.empty());
    }

    public Set<Transport> transports() {
        return ports.keySet();
    }

    /** The port of {@code transport}, which must be served. */
    public int port(Transport transport) {
        Integer p = ports.get(transport);
        if (p == null) {
            throw new IllegalArgumentException(transport.wire() + " is not served");
        }
        return p;
    }

    /** The UDP/TCP port (the one {@code sip.port} configures); else the first served transport's. */
    public int mainPort() {
        for (Transport t : List.of(Transport.UDP, Transport.TCP, Transport.TLS, Transport.WS, Transport.WSS)) {
            if (ports.containsKey(t)) {
                return ports.get(t);
            }
        }
        throw new IllegalStateException("no transport");
    }
}
