package org.presencegw.xmpp;

/**
 * Availability of one available resource: no {@code <show/>} (AVAILABLE) or one of the RFC 6121 4.7.2.1 values.
 * An invalid {@code <show/>} value is treated as absent.
 */
public enum Show {
    CHAT,
    AVAILABLE,
    AWAY,
    XA,
    DND
}
