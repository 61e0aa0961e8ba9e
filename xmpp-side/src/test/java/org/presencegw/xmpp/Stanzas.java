package org.presencegw.xmpp;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.util.PacketParserUtils;

/** Parses test stanzas with Smack's own parser, as they would arrive on a connection. */
final class Stanzas {
    private Stanzas() {
    }

    static Presence presence(String xml) {
        try {
            return PacketParserUtils.parseStanza(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse " + xml + ": " + e, e);
        }
    }

    static Presence from(String from, String body) {
        return presence("<presence xmlns='jabber:client' from='" + from + "'>" + body + "</presence>");
    }

    static Presence typed(String from, String type) {
        return presence("<presence xmlns='jabber:client' from='" + from + "' type='" + type + "'/>");
    }
}
