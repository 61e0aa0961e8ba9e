package org.presencegw.sip.stack;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a request came from: the packet's source address and port and its transport (the "flow" of RFC 5626).
 * Responses and NOTIFYs go back over it.
 */
public record Flow(String address, int port, String transport) {
    public Flow {
        Objects.requireNonNull(address, "address");
        transport = transport.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return address + ":" + port + "/" + transport;
    }
}
