package org.presencegw.sip.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What our Contact and Via name instead of the address a request arrived on ({@code sip.advertise}): a public
 * address or DNS name behind NAT or a load balancer.
 *
 * @param host a host name or IP literal (an IPv6 literal without brackets)
 * @param port the port for UDP and TCP; empty: the listening port. TLS and WebSocket keep their own ports.
 */
public record Advertised(String host, OptionalInt port) {
    public Advertised {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        if (host.isBlank()) {
            throw new IllegalArgumentException("advertised host is empty");
        }
    }
}
