package org.presencegw.gateway.config;

import java.util.Set;
import org.presencegw.sip.api.SipNetwork;
import org.presencegw.sip.api.Transport;

/**
 * The {@code sip:} section. Defaults: port 5060, UDP and TCP, 3600 / 60 / 86400 seconds.
 *
 * @param network listen addresses, transports and their ports, advertised address, TLS files
 */
public record SipSettings(SipNetwork network, int defaultExpires, int minExpires, int maxExpires) {

    /** One address, one port for every transport, nothing advertised, no TLS (tests and simple setups). */
    public SipSettings(String listen, int port, Set<Transport> transports, int defaultExpires, int minExpires,
                       int maxExpires) {
        this(SipNetwork.simple(listen, port, transports), defaultExpires, minExpires, maxExpires);
    }

    /** The first listen address as written (may be a wildcard). */
    public String listen() {
        return network.listen().get(0);
    }

    /** The UDP and TCP port ({@code sip.port}). */
    public int port() {
        return network.mainPort();
    }

    public Set<Transport> transports() {
        return network.transports();
    }
}
