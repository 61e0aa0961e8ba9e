package org.presencegw.sip.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the SIP presence server, already validated by the gateway's config loader.
 *
 * @param listen         address to bind (e.g. 127.0.0.1)
 * @param port           UDP and TCP port
 * @param transports     transports to listen on
 * @param defaultExpires used when a SUBSCRIBE carries no Expires (the OpenSER pa module's default_expires)
 * @param minExpires     below this (and above 0): 423 Interval Too Brief + Min-Expires
 * @param maxExpires     above this: lowered in the 200 OK
 * @param domains        SIP domain (lower case) to the presence source serving it
 */
public record SipServerConfig(String listen, int port, Set<Transport> transports, int defaultExpires,
                              int minExpires, int maxExpires, Map<String, PresenceSource> domains) {
    public SipServerConfig {
        Objects.requireNonNull(listen, "listen");
        transports = Set.copyOf(transports);
        domains = Map.copyOf(domains);
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("no transport");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        if (minExpires < 1 || minExpires > defaultExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 1 <= min_expires <= default_expires <= max_expires");
        }
    }
}
