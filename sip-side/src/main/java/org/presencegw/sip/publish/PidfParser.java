package org.presencegw.sip.publish;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an {@code application/pidf+xml} body (RFC 3863) into the presence model, with the person-level RPID
 * activities and notes of RFC 4479/4480 and the {@code <show xmlns='jabber:client'>} of RFC 8048 section 6.2.
 *
 * <p>Hardened: namespace-aware StAX with DTDs and external entities off, any DOCTYPE refused, at most
 * {@link #MAX_BYTES} bytes and {@link #MAX_DEPTH} levels. Unknown elements are skipped unless they carry
 * {@code mustUnderstand="true"} (RFC 3863 section 4.1.3 / 5.1), which refuses the document. Every refusal is a
 * {@link PidfParseException}; no other exception leaves {@link #parse}.
 *
 * <p>Model limits: document-level notes and devices are dropped; several persons merge into the first;
 * a tuple without {@code <basic>} is refused, since the model has no "unknown" basic status.
 *
 * <p>This class is thread-safe.
 */
public final class PidfParser {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_DEPTH = 32;

    private static final Logger LOG = LoggerFactory.getLogger(PidfParser.class);
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private final XMLStreamReader in;
    private int depth;

    private PidfParser(XMLStreamReader in) {
        this.in = in;
    }

    /** Parses one PIDF document. */
    public static PresenceDocument parse(byte[] body) throws PidfParseException {
        if (body.length > MAX_BYTES) {
            throw new PidfParseException("PIDF body larger than " + MAX_BYTES + " bytes");
        }
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            return new PidfParser(reader).document();
        } catch (XMLStreamException e) {
            throw new PidfParseException("malformed XML: " + lastLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            // The StAX implementation may throw unchecked exceptions on hostile input; never let one escape.
            throw new PidfParseException("unreadable XML: " + e.getClass().getSimpleName(), e);
        } finally {
            close(reader);
        }
    }

    private PresenceDocument document() throws XMLStreamException, PidfParseException {
        nextStartElement();
        if (!PidfNamespaces.PIDF.equals(in.getNamespaceURI()) || !"presence".equals(in.getLocalName())) {
            throw new PidfParseException("root is not {" + PidfNamespaces.PIDF + "}presence");
        }
        Optional<String> lang = lang(Optional.empty());
        List<PresenceTuple> tuples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        PersonBuilder person = new PersonBuilder();
        while (nextChild()) {
            if (is(PidfNamespaces.PIDF, "tuple")) {
                PresenceTuple t = tuple(lang);
                if (!ids.add(t.id())) {
                    throw new PidfParseException("duplicate tuple id '" + t.id() + "'");
                }
                tuples.add(t);
            } else if (is(PidfNamespaces.DATA_MODEL, "person")) {
                person(person, lang);
            } else {
                skip();
            }
        }
        if (tuples.isEmpty()) {
            throw new PidfParseException("no tuple");
        }
        return new PresenceDocument(tuples, person.build());
    }

    private PresenceTuple tuple(Optional<String> inherited) throws XMLStreamException, PidfParseException {
        String id = attribute("id").orElseThrow(() -> new PidfParseException("tuple without id"));
        if (!id.matches("[\\p{L}_][\\p{L}\\p{N}_.\\-\\u00B7]*")) {
            throw new PidfParseException("tuple id is not an xs:ID");
        }
        Optional<String> lang = lang(inherited);
        Optional<Basic> basic = Optional.empty();
        Optional<String> show = Optional.empty();
        Optional<String> contact = Optional.empty();
        Optional<BigDecimal> priority = Optional.empty();
        List<Note> notes = new ArrayList<>();
        Optional<Instant> timestamp = Optional.empty();
        while (nextChild()) {
            if (is(PidfNamespaces.PIDF, "status")) {
                while (nextChild()) {
                    if (is(PidfNamespaces.PIDF, "basic")) {
                        basic = Optional.of(basic(text()));
                    } else if (is(PidfNamespaces.JABBER_CLIENT, "show")) {
                        show = Optional.of(text().strip());
                    } else {
                        skip();
                    }
                }
            } else if (is(PidfNamespaces.PIDF, "contact")) {
                priority = attribute("priority").isPresent() ? Optional.of(priority(attribute("priority").get()))
                        : Optional.empty();
                contact = Optional.of(text().strip());
            } else if (is(PidfNamespaces.PIDF, "note")) {
                Optional<String> noteLang = lang(lang);
                notes.add(new Note(text(), noteLang));
            } else if (is(PidfNamespaces.PIDF, "timestamp")) {
                timestamp = Optional.of(timestamp(text()));
            } else {
                skip();
            }
        }
        return new PresenceTuple(id, basic.orElseThrow(() -> new PidfParseException("tuple '" + id
                + "' has no basic status")), show, contact, priority, notes, timestamp);
    }

    private void person(PersonBuilder person, Optional<String> inherited)
            throws XMLStreamException, PidfParseException {
        String id = attribute("id").orElseThrow(() -> new PidfParseException("person without id"));
        person.id(id);
        Optional<String> lang = lang(inherited);
        while (nextChild()) {
            if (is(PidfNamespaces.RPID, "activities")) {
                while (nextChild()) {
                    if (PidfNamespaces.RPID.equals(in.getNamespaceURI()) && !"note".equals(in.getLocalName())) {
                        // RFC 4480 section 3.2: an activity we do not know is reported as "other".
                        person.activities.add(Activity.fromElement(in.getLocalName()).orElse(Activity.OTHER));
                    }
                    skip();
                }
            } else if (is(PidfNamespaces.DATA_MODEL, "note")) {
                Optional<String> noteLang = lang(lang);
                person.notes.add(new Note(text(), noteLang));
            } else {
                skip();
            }
        }
    }

    /** Moves to the next child start element of the current element; false at its end tag. */
    private boolean nextChild() throws XMLStreamException, PidfParseException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("unexpected end of document");
            }
        }
    }

    private void nextStartElement() throws XMLStreamException, PidfParseException {
        while (next() != XMLStreamConstants.START_ELEMENT) {
            if (in.getEventType() == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("no root element");
            }
        }
    }

    private int next() throws XMLStreamException, PidfParseException {
        int event = in.next();
        switch (event) {
            case XMLStreamConstants.DTD -> throw new PidfParseException("DOCTYPE not allowed");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw new PidfParseException("entity reference not allowed");
            case XMLStreamConstants.START_ELEMENT -> {
                if (++depth > MAX_DEPTH) {
                    throw new PidfParseException("nested deeper than " + MAX_DEPTH);
                }
            }
            case XMLStreamConstants.END_ELEMENT -> depth--;
            default -> {
                // text, comments and processing instructions carry nothing we read here
            }
        }
        return event;
    }

    /** Skips the current element's subtree, refusing it if it must be understood. */
    private void skip() throws XMLStreamException, PidfParseException {
        String mu = Optional.ofNullable(in.getAttributeValue(null, "mustUnderstand"))
                .orElse(Optional.ofNullable(in.getAttributeValue(PidfNamespaces.PIDF, "mustUnderstand")).orElse(""));
        if (mu.strip().equals("true") || mu.strip().equals("1")) {
            throw new PidfParseException("unsupported element {" + in.getNamespaceURI() + "}" + in.getLocalName()
                    + " marked mustUnderstand");
        }
        int target = depth - 1;
        while (depth > target) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("unexpected end of document");
            }
        }
    }

    /** The text content of a leaf element, leaving the reader on its end tag. */
    private String text() throws XMLStreamException, PidfParseException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                sb.append(in.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return sb.toString();
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                throw new PidfParseException("element inside text-only " + in.getLocalName());
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("unexpected end of document");
            }
        }
    }

    private boolean is(String namespace, String localName) {
        return namespace.equals(in.getNamespaceURI()) && localName.equals(in.getLocalName());
    }

    private Optional<String> attribute(String name) {
        return Optional.ofNullable(in.getAttributeValue(null, name));
    }

    private Optional<String> lang(Optional<String> inherited) {
        String own = in.getAttributeValue(XMLConstants.XML_NS_URI, "lang");
        return own == null ? inherited : Optional.of(own);
    }

    private static Basic basic(String text) throws PidfParseException {
        return switch (text.strip()) {
            case "open" -> Basic.OPEN;
            case "closed" -> Basic.CLOSED;
            default -> throw new PidfParseException("basic must be open or closed");
        };
    }

    /** RFC 3863 section 4.1.5: a decimal in [0, 1] with at most three decimals. */
    private static BigDecimal priority(String text) throws PidfParseException {
        String s = text.strip();
        if (!s.matches("0(\\.[0-9]{1,3})?|1(\\.0{1,3})?|\\.[0-9]{1,3}")) {
            throw new PidfParseException("contact priority must be between 0 and 1 with at most 3 decimals");
        }
        return new BigDecimal(s);
    }

    /** RFC 3863 section 4.1.7: an RFC 3339 date-time. */
    private static Instant timestamp(String text) throws PidfParseException {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new PidfParseException("timestamp is not an RFC 3339 date-time", e);
        }
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not loaded");
        });
        return f;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // An in-memory reader holds nothing that could leak; the parse result stands.
                LOG.debug("closing the PIDF reader failed", e);
            }
        }
    }

    private static String lastLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String trimmed = message.strip();
        int nl = trimmed.lastIndexOf('\n');
        String last = nl < 0 ? trimmed : trimmed.substring(nl + 1);
        return last.startsWith("Message: ") ? last.substring("Message: ".length()) : last;
    }

    /** Collects persons: several dm:person elements merge into the first one's id. */
    private static final class PersonBuilder {
        private Optional<String> id = Optional.empty();
        private final Set<Activity> activities = EnumSet.noneOf(Activity.class);
        private final List<Note> notes = new ArrayList<>();

        void id(String personId) {
            if (id.isEmpty()) {
                id = Optional.of(personId);
            }
        }

        Optional<Person> build() {
            return id.map(i -> new Person(i, activities, notes));
        }
    }
}
