package org.presencegw.xmpp;

import java.io.StringReader;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;

/**
 * Parses test stanzas as they would arrive on a gateway connection: through {@link LenientPresenceParsing} (installed
 * here) and Smack's parser. {@link #rawSmack} skips the repair, to pin what Smack 4.4.8 alone does.
 */
final class Stanzas {
    static {
        LenientPresenceParsing.install();
    }

    private Stanzas() {
    }

    static Presence presence(String xml) {
        try {
            return PacketParserUtils.parseStanza(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse " + xml + ": " + e, e);
        }
    }

    /** Smack's own parser without {@link PresenceRepair}. */
    static Presence rawSmack(String xml) {
        try {
            XmlPullParser parser = new StaxXmlPullParserFactory().newXmlPullParser(new StringReader(xml));
            ParserUtils.forwardToStartElement(parser);
            return (Presence) PacketParserUtils.parseStanza(parser, XmlEnvironment.EMPTY);
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
