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

    /** Slots of {@link #shared}'s cache: a power of two. */
    static final int SHARED_SLOTS = 1024;
    private static final Flow[] RECENT = new Flow[SHARED_SLOTS];

    /** A flow whose local end is unknown. */
    public Flow(String address, int port, String transport) {
        this(address, port, transport, "");
    }

    /**
     * An equal flow that was asked for lately, else a new one: a phone's requests all come over one flow, and every
     * subscription keeps the flow of its SUBSCRIBE, one record per subscription otherwise (an object for the young
     * collector to copy twice, bench/FINDINGS.md "Session 36"). Lossy and bounded like {@link SharedStrings}: one slot
     * per hash, the last flow wins, {@value #SHARED_SLOTS} slots; a flow is immutable and safely published, so a
     * racing reader gets either flow, and either is equal to what it asked for.
     */
    public static Flow shared(String address, int port, String transport, String local) {
        int h = address.hashCode() * 31 + port;
        int slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
        Flow seen = RECENT[slot];
        if (seen != null && seen.port == port && seen.address.equals(address) && seen.local.equals(local)
                && seen.transport.equalsIgnoreCase(transport)) {
            return seen;
        }
        Flow made = new Flow(address, port, transport, local);
        RECENT[slot] = made;
        return made;
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
