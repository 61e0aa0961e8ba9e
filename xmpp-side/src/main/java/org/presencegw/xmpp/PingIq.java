package org.presencegw.xmpp;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.SimpleIQ;

/** {@code <iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>} to our own server (XEP-0199 4.2): the keepalive. */
final class PingIq extends SimpleIQ {
    PingIq() {
        super("ping", "urn:xmpp:ping");
        setType(IQ.Type.get);
    }
}
