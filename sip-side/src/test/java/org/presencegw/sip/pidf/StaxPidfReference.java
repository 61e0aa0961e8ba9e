package org.presencegw.sip.pidf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;

/**
 * Test oracle: the StAX-based {@code PidfRenderer} as it was before the hand-written UTF-8 writer (commit bb4330f),
 * kept verbatim apart from its name and this comment. Renders a {@link PresenceDocument} as
 * {@code application/pidf+xml} (RFC 3863) with the RFC 4479 person element and RPID activities (RFC 4480).
 *
 * <p>Known defects kept on purpose (the new renderer must not have them): characters not allowed in XML 1.0
 * (C0 controls, U+FFFE/U+FFFF) are written raw, a lone surrogate is merged with the character after it (which can
 * swallow a closing quote or {@code <}), and tab/CR/LF in attribute values and CR in text are written raw, so a
 * parser normalizes them.
 */
final class StaxPidfReference {

    /** RFC 3863 section 4.1: the XML declaration, written as-is (StAX would use double quotes). */
    private static final byte[] DECLARATION =
            "<?xml version='1.0' encoding='UTF-8'?>".getBytes(StandardCharsets.US_ASCII);

    private final XMLOutputFactory factory = XMLOutputFactory.newFactory();

    /**
     * @param document the full state
     * @param entity   the presentity URI, written as the {@code entity} attribute (RFC 3863 section 4.1.1)
     * @return UTF-8 bytes
     */
    public byte[] render(PresenceDocument document, String entity) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(entity, "entity");
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(DECLARATION);
        try {
            XMLStreamWriter w = factory.createXMLStreamWriter(out, "UTF-8");
            w.setDefaultNamespace(PidfNames.PIDF_NS);
            w.writeStartElement(PidfNames.PIDF_NS, "presence");
            w.writeDefaultNamespace(PidfNames.PIDF_NS);
            if (document.person().isPresent()) {
                w.writeNamespace(PidfNames.DATA_MODEL_PREFIX, PidfNames.DATA_MODEL_NS);
                w.writeNamespace(PidfNames.RPID_PREFIX, PidfNames.RPID_NS);
            }
            w.writeAttribute("entity", entity);
            for (PresenceTuple tuple : document.tuples()) {
                writeTuple(w, tuple);
            }
            if (document.person().isPresent()) {
                writePerson(w, document.person().get());
            }
            w.writeEndElement();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render PIDF for " + entity, e);
        }
        return out.toByteArray();
    }

    /** RFC 3863 section 4.1.2: child order status, extensions, contact, note*, timestamp. */
    private static void writeTuple(XMLStreamWriter w, PresenceTuple tuple) throws XMLStreamException {
        w.writeStartElement(PidfNames.PIDF_NS, "tuple");
        w.writeAttribute("id", tuple.id());
        w.writeStartElement(PidfNames.PIDF_NS, "status");
        textElement(w, "basic", tuple.basic().wire());
        if (tuple.xmppShow().isPresent()) {
            w.writeStartElement("", "show", PidfNames.JABBER_CLIENT_NS);
            w.writeDefaultNamespace(PidfNames.JABBER_CLIENT_NS);
            w.writeCharacters(tuple.xmppShow().get());
            w.writeEndElement();
        }
        w.writeEndElement();
        if (tuple.contact().isPresent()) {
            w.writeStartElement(PidfNames.PIDF_NS, "contact");
            if (tuple.priority().isPresent()) {
                w.writeAttribute("priority", tuple.priority().get().toPlainString());
            }
            w.writeCharacters(tuple.contact().get());
            w.writeEndElement();
        }
        writeNotes(w, "", PidfNames.PIDF_NS, tuple.notes());
        if (tuple.timestamp().isPresent()) {
            textElement(w, "timestamp", DateTimeFormatter.ISO_INSTANT.format(tuple.timestamp().get()));
        }
        w.writeEndElement();
    }

    /** RFC 4479 person with RFC 4480 section 3.2 activities. */
    private static void writePerson(XMLStreamWriter w, Person person) throws XMLStreamException {
        w.writeStartElement(PidfNames.DATA_MODEL_PREFIX, "person", PidfNames.DATA_MODEL_NS);
        w.writeAttribute("id", person.id());
        if (!person.activities().isEmpty()) {
            w.writeStartElement(PidfNames.RPID_PREFIX, "activities", PidfNames.RPID_NS);
            for (Activity activity : Activity.values()) {
                if (person.activities().contains(activity)) {
                    w.writeEmptyElement(PidfNames.RPID_PREFIX, activity.element(), PidfNames.RPID_NS);
                }
            }
            w.writeEndElement();
        }
        writeNotes(w, PidfNames.DATA_MODEL_PREFIX, PidfNames.DATA_MODEL_NS, person.notes());
        w.writeEndElement();
    }

    /** RFC 3863 section 4.1.6: notes SHOULD carry xml:lang. */
    private static void writeNotes(XMLStreamWriter w, String prefix, String ns, List<Note> notes)
            throws XMLStreamException {
        for (Note note : notes) {
            w.writeStartElement(prefix, "note", ns);
            if (note.lang().isPresent()) {
                w.writeAttribute("xml", PidfNames.XML_NS, "lang", note.lang().get());
            }
            w.writeCharacters(note.text());
            w.writeEndElement();
        }
    }

    private static void textElement(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(PidfNames.PIDF_NS, name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
