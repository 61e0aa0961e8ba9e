package org.presencegw.gateway.config;

import java.util.Set;
import org.presencegw.sip.api.Transport;

/** The {@code sip:} section. Defaults: port 5060, both transports, 3600 / 60 / 86400 seconds. */
public record SipSettings(String listen, int port, Set<Transport> transports, int defaultExpires, int minExpires,
                          int maxExpires) {
    public SipSettings {
        transports = Set.copyOf(transports);
    }
}
