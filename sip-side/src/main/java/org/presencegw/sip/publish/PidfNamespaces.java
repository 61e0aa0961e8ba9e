package org.presencegw.sip.publish;

/** XML namespaces read from PIDF documents. */
public final class PidfNamespaces {

    /** RFC 3863 section 4.1. */
    public static final String PIDF = "urn:ietf:params:xml:ns:pidf";
    /** RFC 4479 section 4 (data model: person, device). */
    public static final String DATA_MODEL = "urn:ietf:params:xml:ns:pidf:data-model";
    /** RFC 4480 section 3 (RPID). */
    public static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";
    /** RFC 8048 section 6.2: the XMPP {@code <show/>} embedded in {@code <status>}. */
    public static final String JABBER_CLIENT = "jabber:client";

    private PidfNamespaces() {
    }
}
