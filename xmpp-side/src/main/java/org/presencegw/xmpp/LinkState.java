package org.presencegw.xmpp;

/** An account's link to its XMPP server, as operators see it. */
public enum LinkState {
    /** Logged in, roster loaded. */
    ONLINE,
    /** Connected (or connecting) but not yet logged in with its roster loaded. */
    CONNECTING,
    /** No connection: the server is unreachable or refused us; the gateway keeps retrying. */
    OFFLINE
}
