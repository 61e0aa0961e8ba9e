package org.presencegw.sip.server;

/** Content types the presence server produces (RFC 3863) and the event package it serves (RFC 3856). */
public final class MediaTypes {
    public static final String APPLICATION = "application";
    public static final String PIDF_SUBTYPE = "pidf+xml";
    /** {@code application/pidf+xml}, RFC 3863 section 8. */
    public static final String PIDF = APPLICATION + "/" + PIDF_SUBTYPE;
    /** The presence event package, RFC 3856 section 6.1. */
    public static final String PRESENCE_EVENT = "presence";

    private MediaTypes() {
    }
}
