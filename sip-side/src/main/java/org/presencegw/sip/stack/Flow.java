package org.presencegw.sip.stack;

import java.util.Locale;
import java.util.Objects;
import org.presencegw.sip.api.SharedStrings;

/**
 * Where a request came from: the packet's source address and port and its transport (the "flow" of RFC 5626),
 * and the local address it arrived on. Responses and NOTIFYs go back over it.
 *
 * @param local the local address the request arrived on; empty when unknown (a flow read back from the store),
 *              then {@link LocalEndpoints} picks the address the kernel would send from
 */
public record Flow(String address, int port, String transport, String local) {
    public Flow {
        // Many subscriptions and bindings share an address and transport: one copy each, also for flows read back
        // from the store.
        address = SharedStrings.of(Objects.requireNonNull(address, "address"));
        local = SharedStrings.of(Objects.requireNonNull(local, "local"));
        transport = SharedStrings.of(transport.toLowerCase(Locale.ROOT));
    }

    /** A flow whose local end is unknown. */
    public Flow(String address, int port, String transport) {
        this(address, port, transport, "");
    }

    /** Over a connection (TCP, TLS, WS, WSS), which can be gone when a NOTIFY is due. */
    public boolean reliable() {
        return !transport.equals("udp");
    }

    @Override
    public String toString() {
        return address + ":" + port + "/" + transport;
    }
}
