package org.presencegw.xmpp;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

/**
 * Reads a presence stanza leniently before Smack parses it, so that one bad child does not lose the whole stanza
 * (Smack 4.4.8 rejects it, docs/STACK.md §3) and no status is lost:
 * <ul>
 * <li>a {@code <show/>} that is not one of RFC 6121 4.7.2.1's values is removed: the resource counts as available
 * with no show (CONFORMANCE XMPP-04);</li>
 * <li>a {@code <priority/>} outside -128..127 (RFC 6121 4.7.2.3) is clamped to the range, one that is no integer
 * is removed (default 0) (XMPP-05);</li>
 * <li>every {@code <status/>} with its own or inherited xml:lang (RFC 6121 4.7.2.2) is copied into a
 * {@link StatusesExtension} (XMPP-06, XP-07); an element in that namespace that came from the network is
 * removed.</li>
 * </ul>
 * Anything else, and any stanza that needs none of this, passes unchanged. Input with a DTD is left to Smack.
 * The StAX factories are configured without DTD support or external entities. Thread-safe, stateless.
 */
final class PresenceRepair {
    private static final String CLIENT = "jabber:client";
    private static final Set<String> SHOWS = Set.of("away", "chat", "dnd", "xa");
    private static final XMLInputFactory INPUT = inputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    private static final XMLEventFactory EVENTS = XMLEventFactory.newFactory();

    private PresenceRepair() {
    }

    /** The stanza (bare, or wrapped in a stream element as Smack's modular connection hands it over) repaired. */
    static String repair(String xml) {
        if (!xml.contains("presence")) {
            return xml;
        }
        try {
            List<XMLEvent> events = read(xml);
            int presenceDepth = presenceDepth(events);
            if (presenceDepth < 0) {
                return xml;
            }
            return rewrite(events, presenceDepth).orElse(xml);
        } catch (XMLStreamException | RuntimeException e) {
            return xml; // not ours to judge: Smack reports what it cannot parse
        }
    }

    private static List<XMLEvent> read(String xml) throws XMLStreamException {
        XMLEventReader reader = INPUT.createXMLEventReader(new StringReader(xml));
        List<XMLEvent> events = new ArrayList<>();
        while (reader.hasNext()) {
            XMLEvent e = reader.nextEvent();
            if (e.getEventType() == XMLEvent.DTD) {
                throw new XMLStreamException("DTD");
            }
            events.add(e);
        }
        return events;
    }

    /** 1 for a bare presence, 2 for one wrapped in a stream element, -1 when the stanza is no presence. */
    private static int presenceDepth(List<XMLEvent> events) {
        int depth = 0;
        for (XMLEvent e : events) {
            if (e.isStartElement()) {
                depth++;
                String name = e.asStartElement().getName().getLocalPart();
                if (depth == 1 && name.equals("stream")) {
                    continue;
                }
                return name.equals("presence") && (depth == 1 || depth == 2) ? depth : -1;
            }
        }
        return -1;
    }

    private static Optional<String> rewrite(List<XMLEvent> events, int presenceDepth) throws XMLStreamException {
        List<XMLEvent> out = new ArrayList<>(events.size() + 8);
        List<StatusText> statuses = new ArrayList<>();
        Deque<Optional<String>> langs = new ArrayDeque<>();
        boolean changed = false;
        boolean ownLang = false;
        int depth = 0;
        for (int i = 0; i < events.size(); i++) {
            XMLEvent e = events.get(i);
            if (e.isStartElement()) {
                StartElement start = e.asStartElement();
                depth++;
                langs.push(lang(start).or(() -> langs.isEmpty() ? Optional.empty() : langs.peek()));
                if (depth == presenceDepth + 1) {
                    String ns = start.getName().getNamespaceURI();
                    String name = start.getName().getLocalPart();
                    int end = endOf(events, i);
                    if (StatusesExtension.NAMESPACE.equals(ns)) {
                        changed = true; // never trust this element from the network
                        i = end;
                        depth--;
                        langs.pop();
                        continue;
                    }
                    if (CLIENT.equals(ns) || ns.isEmpty()) {
                        String text = text(events, i, end);
                        if (name.equals("show") && !SHOWS.contains(text.trim())) {
                            changed = true;
                            i = end;
                            depth--;
                            langs.pop();
                            continue;
                        }
                        if (name.equals("priority") && !validPriority(text)) {
                            changed = true;
                            Optional<Integer> clamped = clamp(text);
                            if (clamped.isPresent()) {
                                out.add(e);
                                out.add(EVENTS.createCharacters(Integer.toString(clamped.get())));
                                out.add(events.get(end));
                            }
                            i = end;
                            depth--;
                            langs.pop();
                            continue;
                        }
                        if (name.equals("status")) {
                            ownLang |= lang(start).isPresent();
                            statuses.add(new StatusText(text, langs.peek()));
                        }
                    }
                }
            } else if (e.isEndElement()) {
                if (depth == presenceDepth && (statuses.size() > 1 || ownLang || changed) && !statuses.isEmpty()) {
                    addStatuses(out, statuses);
                    changed = true;
                }
                depth--;
                langs.pop();
            }
            out.add(e);
        }
        return changed ? Optional.of(write(out)) : Optional.empty();
    }

    private static void addStatuses(List<XMLEvent> out, List<StatusText> statuses) {
        QName element = new QName(StatusesExtension.NAMESPACE, StatusesExtension.ELEMENT);
        out.add(EVENTS.createStartElement(element, null,
                List.of(EVENTS.createNamespace(StatusesExtension.NAMESPACE)).iterator()));
        QName status = new QName(StatusesExtension.NAMESPACE, "status");
        for (StatusText s : statuses) {
            Iterator<Attribute> attributes = s.lang()
                    .map(l -> List.of(EVENTS.createAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI,
                            "lang", l)).iterator())
                    .orElse(null);
            out.add(EVENTS.createStartElement(status, attributes, null));
            out.add(EVENTS.createCharacters(s.text()));
            out.add(EVENTS.createEndElement(status, null));
        }
        out.add(EVENTS.createEndElement(element, null));
    }

    private static Optional<String> lang(StartElement start) {
        Attribute a = start.getAttributeByName(new QName(XMLConstants.XML_NS_URI, "lang"));
        return a == null || a.getValue().isEmpty() ? Optional.empty() : Optional.of(a.getValue());
    }

    /** Index of the end element matching the start element at {@code start}. */
    private static int endOf(List<XMLEvent> events, int start) {
        int depth = 0;
        for (int i = start; i < events.size(); i++) {
            if (events.get(i).isStartElement()) {
                depth++;
            } else if (events.get(i).isEndElement() && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced XML");
    }

    private static String text(List<XMLEvent> events, int start, int end) {
        StringBuilder sb = new StringBuilder();
        for (int i = start + 1; i < end; i++) {
            if (events.get(i).isCharacters()) {
                sb.append(events.get(i).asCharacters().getData());
            }
        }
        return sb.toString();
    }

    private static boolean validPriority(String text) {
        try {
            int p = Integer.parseInt(text.trim());
            return p >= PresenceReader.MIN_PRIORITY && p <= PresenceReader.MAX_PRIORITY;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<Integer> clamp(String text) {
        String t = text.trim();
        if (!t.matches("[+-]?\\d{1,18}")) {
            return Optional.empty();
        }
        long p = Long.parseLong(t);
        return Optional.of((int) Math.max(PresenceReader.MIN_PRIORITY, Math.min(PresenceReader.MAX_PRIORITY, p)));
    }

    private static String write(List<XMLEvent> events) throws XMLStreamException {
        StringWriter sw = new StringWriter();
        XMLEventWriter writer = OUTPUT.createXMLEventWriter(sw);
        for (XMLEvent e : events) {
            if (e.isStartDocument() || e.isEndDocument()) {
                continue;
            }
            writer.add(e);
        }
        writer.flush();
        return sw.toString();
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }
}
