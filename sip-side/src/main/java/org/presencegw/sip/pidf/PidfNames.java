package org.presencegw.sip.pidf;

/**
 * XML namespaces of PIDF (RFC 3863), the data model (RFC 4479), RPID (RFC 4480) and the embedded XMPP {@code <show/>}:
 * the one list both the renderer and the PUBLISH parser use.
 */
public final class PidfNames {
    /** RFC 3863 section 4.1.1: the PIDF namespace. */
    public static final String PIDF_NS = "urn:ietf:params:xml:ns:pidf";
    /** RFC 4479 section 4: the data-model namespace, prefix {@code dm}. */
    public static final String DATA_MODEL_NS = "urn:ietf:params:xml:ns:pidf:data-model";
    /** RFC 4480 section 3: the RPID namespace, prefix {@code rpid}. */
    public static final String RPID_NS = "urn:ietf:params:xml:ns:pidf:rpid";
    /** RFC 8048 section 6.2: XMPP {@code <show/>} carried inside {@code <status>}. */
    public static final String JABBER_CLIENT_NS = "jabber:client";
    /** The {@code xml:} prefix namespace, for {@code xml:lang}. */
    public static final String XML_NS = "http://www.w3.org/XML/1998/namespace";
    public static final String DATA_MODEL_PREFIX = "dm";
    public static final String RPID_PREFIX = "rpid";

    private PidfNames() {
    }
}
