package org.presencegw.xmpp;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.xml.XmlPullParserFactory;

/**
 * Makes Smack read presence stanzas leniently (XMPP-04, XMPP-05, XMPP-06): wraps Smack's XML parser factory
 * ({@link SmackXmlParser#setXmlPullParserFactory}, public Smack API) so that every complete element handed over as a
 * string, which is how the modular connection parses each stanza (docs/STACK.md §3), goes through
 * {@link PresenceRepair} first, and registers the provider of {@link StatusesExtension}. Streams read straight from a
 * socket (the classic {@code XMPPTCPConnection} of test clients) pass untouched. Idempotent; installed once per JVM by
 * {@link XmppAccounts}.
 */
final class LenientPresenceParsing {
    private static boolean installed;

    private LenientPresenceParsing() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        XmlPullParserFactory delegate = SmackXmlParser.getXmlPullParserFactory();
        SmackXmlParser.setXmlPullParserFactory(new Repairing(delegate));
        ProviderManager.addExtensionProvider(StatusesExtension.ELEMENT, StatusesExtension.NAMESPACE,
                new StatusesExtension.Provider());
        installed = true;
    }

    private static final class Repairing implements XmlPullParserFactory {
        private final XmlPullParserFactory delegate;

        Repairing(XmlPullParserFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public XmlPullParser newXmlPullParser(Reader reader) throws XmlPullParserException {
            if (!(reader instanceof StringReader)) {
                return delegate.newXmlPullParser(reader);
            }
            StringWriter all = new StringWriter();
            try {
                reader.transferTo(all);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringReader does not fail
            }
            return delegate.newXmlPullParser(new StringReader(PresenceRepair.repair(all.toString())));
        }
    }
}
