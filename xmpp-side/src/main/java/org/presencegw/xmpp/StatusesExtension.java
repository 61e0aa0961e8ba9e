package org.presencegw.xmpp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Every {@code <status/>} of a presence stanza with its language, as {@link PresenceRepair} found them before Smack
 * parsed the stanza (Smack 4.4.8 keeps only the last status and drops its own xml:lang, docs/STACK.md §3). Never
 * sent; an element in this namespace that arrives from the network is removed before parsing.
 */
final class StatusesExtension implements ExtensionElement {
    static final String ELEMENT = "statuses";
    static final String NAMESPACE = "urn:x-presencegw:statuses";

    private final List<StatusText> statuses;

    StatusesExtension(List<StatusText> statuses) {
        this.statuses = List.copyOf(statuses);
    }

    List<StatusText> statuses() {
        return statuses;
    }

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public CharSequence toXML(XmlEnvironment environment) {
        XmlStringBuilder xml = new XmlStringBuilder(this, environment).rightAngleBracket();
        for (StatusText s : statuses) {
            xml.halfOpenElement("status").optXmlLangAttribute(s.lang().orElse(null)).rightAngleBracket()
                    .escape(s.text()).closeElement("status");
        }
        return xml.closeElement(this);
    }

    /** Parses the element {@link PresenceRepair} writes: {@code <status xml:lang='..'>text</status>}*. */
    static final class Provider extends ExtensionElementProvider<StatusesExtension> {
        @Override
        public StatusesExtension parse(XmlPullParser parser, int initialDepth, XmlEnvironment environment)
                throws XmlPullParserException, IOException {
            List<StatusText> statuses = new ArrayList<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && "status".equals(parser.getName())) {
                    Optional<String> lang = Optional.ofNullable(ParserUtils.getXmlLang(parser))
                            .filter(l -> !l.isEmpty());
                    statuses.add(new StatusText(parser.nextText(), lang));
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    return new StatusesExtension(statuses);
                } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                    throw new XmlPullParserException("unexpected end of " + ELEMENT);
                }
            }
        }
    }
}
