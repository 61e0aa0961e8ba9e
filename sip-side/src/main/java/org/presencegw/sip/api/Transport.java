package org.presencegw.sip.api;

import java.util.Locale;

/** SIP transports the server listens on. */
public enum Transport {
    UDP,
    TCP;

    /** Lower-case name as used in config files and JAIN-SIP ({@code udp}, {@code tcp}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
