package org.presencegw.xmpp;

/** STARTTLS policy of the gateway's XMPP connections. */
public enum TlsMode {
    /** STARTTLS is mandatory; a server without it is an error. */
    REQUIRED,
    /** STARTTLS when the server offers it. */
    OPTIONAL,
    /** Never STARTTLS (loopback test servers only). */
    DISABLED
}
