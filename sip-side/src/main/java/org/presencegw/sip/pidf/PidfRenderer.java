package org.presencegw.sip.pidf;

import static org.presencegw.sip.pidf.Utf8XmlWriter.ascii;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;

/**
 * Renders a {@link PresenceDocument} as {@code application/pidf+xml} (RFC 3863) with the RFC 4479 person element
 * and RPID activities (RFC 4480). Pure and thread-safe.
 *
 * <p>Hand-written UTF-8: the markup is pre-encoded, strings are escaped straight into a per-thread buffer
 * ({@link Utf8XmlWriter}, which also says how text and attribute values are escaped), and the only allocation
 * that outlives a call is the returned array. The output is the same, byte for byte, as the StAX writer this
 * replaces wrote for strings that XML can carry unchanged: same declaration, prefixes ({@code dm}, {@code rpid},
 * default PIDF namespace, {@code <show xmlns="jabber:client">}), double-quoted attributes, no whitespace,
 * {@code <x></x>} for empty text. Strings with characters XML 1.0 does not allow still give well-formed XML.
 */
@SuppressWarnings("EnumOrdinal") // by design: per-constant byte arrays indexed by ordinal, built here from values()
public final class PidfRenderer {

    /** RFC 3863 section 4.1: the XML declaration, in single quotes as before. */
    private static final byte[] DECLARATION = ascii("<?xml version='1.0' encoding='UTF-8'?>");
    private static final byte[] PRESENCE_OPEN = ascii("<presence xmlns=\"" + PidfNames.PIDF_NS + "\"");
    private static final byte[] PERSON_NAMESPACES = ascii(
            " xmlns:" + PidfNames.DATA_MODEL_PREFIX + "=\"" + PidfNames.DATA_MODEL_NS + "\""
                    + " xmlns:" + PidfNames.RPID_PREFIX + "=\"" + PidfNames.RPID_NS + "\"");
    private static final byte[] ENTITY_ATTRIBUTE = ascii(" entity=\"");
    private static final byte[] PRESENCE_CLOSE = ascii("</presence>");
    private static final byte[] ATTRIBUTE_END_TAG_END = ascii("\">");
    private static final byte[] TAG_END = ascii(">");

    private static final byte[] TUPLE_OPEN = ascii("<tuple id=\"");
    private static final byte[] TUPLE_CLOSE = ascii("</tuple>");
    /** {@code "><status><basic>open</basic>} and so on, indexed by {@link Basic#ordinal()}. */
    private static final byte[][] STATUS_OPEN_WITH_BASIC = statusOpenWithBasic();
    private static final byte[] SHOW_OPEN = ascii("<show xmlns=\"" + PidfNames.JABBER_CLIENT_NS + "\">");
    private static final byte[] SHOW_CLOSE = ascii("</show>");
    private static final byte[] STATUS_CLOSE = ascii("</status>");
    private static final byte[] CONTACT_OPEN = ascii("<contact");
    private static final byte[] PRIORITY_ATTRIBUTE = ascii(" priority=\"");
    private static final byte[] CONTACT_CLOSE = ascii("</contact>");
    private static final byte[] TIMESTAMP_OPEN = ascii("<timestamp>");
    private static final byte[] TIMESTAMP_CLOSE = ascii("</timestamp>");

    private static final byte[] PIDF_NOTE_OPEN = ascii("<note");
    private static final byte[] PIDF_NOTE_CLOSE = ascii("</note>");
    private static final byte[] DM_NOTE_OPEN = ascii("<" + PidfNames.DATA_MODEL_PREFIX + ":note");
    private static final byte[] DM_NOTE_CLOSE = ascii("</" + PidfNames.DATA_MODEL_PREFIX + ":note>");
    private static final byte[] LANG_ATTRIBUTE = ascii(" xml:lang=\"");

    private static final byte[] PERSON_OPEN = ascii("<" + PidfNames.DATA_MODEL_PREFIX + ":person id=\"");
    private static final byte[] PERSON_CLOSE = ascii("</" + PidfNames.DATA_MODEL_PREFIX + ":person>");
    private static final byte[] ACTIVITIES_OPEN = ascii("<" + PidfNames.RPID_PREFIX + ":activities>");
    private static final byte[] ACTIVITIES_CLOSE = ascii("</" + PidfNames.RPID_PREFIX + ":activities>");
    /** RPID activities in declaration order (the order they are written in). */
    private static final Activity[] ACTIVITIES = Activity.values();
    /** {@code <rpid:away/>} and so on, indexed by {@link Activity#ordinal()}. */
    private static final byte[][] ACTIVITY_ELEMENTS = activityElements();

    /**
     * @param document the full state
     * @param entity   the presentity URI, written as the {@code entity} attribute (RFC 3863 section 4.1.1)
     * @return UTF-8 bytes
     */
    public byte[] render(PresenceDocument document, String entity) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(entity, "entity");
        Utf8XmlWriter w = Utf8XmlWriter.acquire();
        try {
            w.raw(DECLARATION);
            w.raw(PRESENCE_OPEN);
            Person person = document.person().orElse(null);
            if (person != null) {
                w.raw(PERSON_NAMESPACES);
            }
            w.raw(ENTITY_ATTRIBUTE);
            w.attribute(entity);
            w.raw(ATTRIBUTE_END_TAG_END);
            List<PresenceTuple> tuples = document.tuples();
            for (int i = 0, n = tuples.size(); i < n; i++) {
                writeTuple(w, tuples.get(i));
            }
            if (person != null) {
                writePerson(w, person);
            }
            w.raw(PRESENCE_CLOSE);
            return w.toByteArray();
        } finally {
            w.release();
        }
    }

    /** RFC 3863 section 4.1.2: child order status, extensions, contact, note*, timestamp. */
    private static void writeTuple(Utf8XmlWriter w, PresenceTuple tuple) {
        w.raw(TUPLE_OPEN);
        w.attribute(tuple.id());
        w.raw(STATUS_OPEN_WITH_BASIC[tuple.basic().ordinal()]);
        if (tuple.xmppShow().isPresent()) {
            w.raw(SHOW_OPEN);
            w.text(tuple.xmppShow().get());
            w.raw(SHOW_CLOSE);
        }
        w.raw(STATUS_CLOSE);
        if (tuple.contact().isPresent()) {
            w.raw(CONTACT_OPEN);
            if (tuple.priority().isPresent()) {
                w.raw(PRIORITY_ATTRIBUTE);
                w.attribute(tuple.priority().get().toPlainString());
                w.raw(ATTRIBUTE_END_TAG_END);
            } else {
                w.raw(TAG_END);
            }
            w.text(tuple.contact().get());
            w.raw(CONTACT_CLOSE);
        }
        writeNotes(w, PIDF_NOTE_OPEN, PIDF_NOTE_CLOSE, tuple.notes());
        if (tuple.timestamp().isPresent()) {
            w.raw(TIMESTAMP_OPEN);
            w.isoInstant(tuple.timestamp().get());
            w.raw(TIMESTAMP_CLOSE);
        }
        w.raw(TUPLE_CLOSE);
    }

    /** RFC 4479 person with RFC 4480 section 3.2 activities. */
    private static void writePerson(Utf8XmlWriter w, Person person) {
        w.raw(PERSON_OPEN);
        w.attribute(person.id());
        w.raw(ATTRIBUTE_END_TAG_END);
        Set<Activity> activities = person.activities();
        if (!activities.isEmpty()) {
            w.raw(ACTIVITIES_OPEN);
            for (Activity activity : ACTIVITIES) {
                if (activities.contains(activity)) {
                    w.raw(ACTIVITY_ELEMENTS[activity.ordinal()]);
                }
            }
            w.raw(ACTIVITIES_CLOSE);
        }
        writeNotes(w, DM_NOTE_OPEN, DM_NOTE_CLOSE, person.notes());
        w.raw(PERSON_CLOSE);
    }

    /** RFC 3863 section 4.1.6: notes SHOULD carry xml:lang. */
    private static void writeNotes(Utf8XmlWriter w, byte[] open, byte[] close, List<Note> notes) {
        for (int i = 0, n = notes.size(); i < n; i++) {
            Note note = notes.get(i);
            w.raw(open);
            if (note.lang().isPresent()) {
                w.raw(LANG_ATTRIBUTE);
                w.attribute(note.lang().get());
                w.raw(ATTRIBUTE_END_TAG_END);
            } else {
                w.raw(TAG_END);
            }
            w.text(note.text());
            w.raw(close);
        }
    }

    private static byte[][] statusOpenWithBasic() {
        Basic[] values = Basic.values();
        byte[][] out = new byte[values.length][];
        for (Basic basic : values) {
            out[basic.ordinal()] = ascii("\"><status><basic>" + basic.wire() + "</basic>");
        }
        return out;
    }

    private static byte[][] activityElements() {
        byte[][] out = new byte[ACTIVITIES.length][];
        for (Activity activity : ACTIVITIES) {
            out[activity.ordinal()] = ascii("<" + PidfNames.RPID_PREFIX + ":" + activity.element() + "/>");
        }
        return out;
    }
}
