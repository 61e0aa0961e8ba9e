package org.presencegw.sip.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the SIP presence server, already validated by the gateway's config loader.
 *
 * @param network        where to listen, on which transports and ports, what to advertise, the TLS identity
 * @param defaultExpires used when a SUBSCRIBE carries no Expires (the OpenSER pa module's default_expires)
 * @param minExpires     below this (and above 0): 423 Interval Too Brief + Min-Expires
 * @param maxExpires     above this: lowered in the 200 OK
 * @param domains        SIP domain (lower case) to the presence source serving it
 */
public record SipServerConfig(SipNetwork network, int defaultExpires, int minExpires, int maxExpires,
                              Map<String, PresenceSource> domains) {
    public SipServerConfig {
        Objects.requireNonNull(network, "network");
        domains = Map.copyOf(domains);
        if (minExpires < 1 || minExpires > defaultExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 1 <= min_expires <= default_expires <= max_expires");
        }
    }

    /** One listen address and one port for all {@code transports} (UDP and TCP in most tests). */
    public SipServerConfig(String listen, int port, Set<Transport> transports, int defaultExpires, int minExpires,
                           int maxExpires, Map<String, PresenceSource> domains) {
        this(SipNetwork.simple(listen, port, transports), defaultExpires, minExpires, maxExpires, domains);
    }

    /** The first listen address as configured (may be a wildcard). */
    public String listen() {
        return network.listen().get(0);
    }

    /** The UDP and TCP port. */
    public int port() {
        return network.mainPort();
    }

    public Set<Transport> transports() {
        return network.transports();
    }
}
