package org.presencegw.sip.api;

import java.util.Locale;

/** SIP transports the server listens on (RFC 3261 18, RFC 7118 for WebSocket). */
public enum Transport {
    UDP,
    TCP,
    TLS,
    /** SIP over WebSocket (RFC 7118), plain. */
    WS,
    /** SIP over secure WebSocket; uses the TLS certificate. */
    WSS;

    /** Lower-case name as used in config files and JAIN-SIP ({@code udp}, {@code tcp}, {@code tls} ...). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** TLS underneath: TLS and WSS (a {@code sips:} request may arrive over these only, RFC 5630). */
    public boolean secure() {
        return this == TLS || this == WSS;
    }

    /** The transport named {@code wire} (any case), as a JAIN-SIP Via or config file spells it. */
    public static Transport ofWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
