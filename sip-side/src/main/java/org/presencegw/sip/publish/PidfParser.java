package org.presencegw.sip.publish;

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
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamException;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.pidf.PidfNames;

/**
 * Reads an {@code application/pidf+xml} body (RFC 3863) into the presence model, with the person-level RPID
 * activities and notes of RFC 4479/4480 and the {@code <show xmlns='jabber:client'>} of RFC 8048 section 6.2.
 *
 * <p>Hardened ({@link SafeXmlCursor}): namespace-aware, DTDs and external entities off, any DOCTYPE
 * refused, at most {@link #MAX_BYTES} bytes and {@link #MAX_DEPTH} levels. Unknown elements are skipped unless they carry
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

    /** A PIDF document through a cursor (package-private: the equivalence test reads with StAX alone). */
    static final SafeXmlCursor.Reader<PresenceDocument> READER = c -> new PidfParser(c).document();

    private static final Pattern XS_ID = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_.\\-\\u00B7]*");
    private static final Pattern PRIORITY = Pattern.compile("0(\\.[0-9]{1,3})?|1(\\.0{1,3})?|\\.[0-9]{1,3}");

    private final SafeXmlCursor in;

    private PidfParser(SafeXmlCursor in) {
        this.in = in;
    }

    /** Parses one PIDF document. */
    public static PresenceDocument parse(byte[] body) throws PidfParseException {
        if (body.length > MAX_BYTES) {
            throw new PidfParseException("PIDF body larger than " + MAX_BYTES + " bytes");
        }
        return SafeXmlCursor.read(body, MAX_DEPTH, PidfNames.PIDF_NS, READER);
    }

    private PresenceDocument document() throws XMLStreamException, PidfParseException {
        in.nextStartElement();
        if (!PidfNames.PIDF_NS.equals(in.namespace()) || !"presence".equals(in.localName())) {
            throw new PidfParseException("root is not {" + PidfNames.PIDF_NS + "}presence");
        }
        Optional<String> lang = in.lang(Optional.empty());
        List<PresenceTuple> tuples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        PersonBuilder person = new PersonBuilder();
        while (in.nextChild()) {
            if (in.is(PidfNames.PIDF_NS, "tuple")) {
                PresenceTuple t = tuple(lang);
                if (!ids.add(t.id())) {
                    throw new PidfParseException("duplicate tuple id '" + t.id() + "'");
                }
                tuples.add(t);
            } else if (in.is(PidfNames.DATA_MODEL_NS, "person")) {
                person(person, lang);
            } else {
                in.skip();
            }
        }
        if (tuples.isEmpty()) {
            throw new PidfParseException("no tuple");
        }
        return new PresenceDocument(tuples, person.build());
    }

    private PresenceTuple tuple(Optional<String> inherited) throws XMLStreamException, PidfParseException {
        String id = in.attribute("id").orElseThrow(() -> new PidfParseException("tuple without id"));
        if (!XS_ID.matcher(id).matches()) {
            throw new PidfParseException("tuple id is not an xs:ID");
        }
        Optional<String> lang = in.lang(inherited);
        Optional<Basic> basic = Optional.empty();
        Optional<String> show = Optional.empty();
        Optional<String> contact = Optional.empty();
        Optional<BigDecimal> priority = Optional.empty();
        List<Note> notes = new ArrayList<>();
        Optional<Instant> timestamp = Optional.empty();
        while (in.nextChild()) {
            if (in.is(PidfNames.PIDF_NS, "status")) {
                while (in.nextChild()) {
                    if (in.is(PidfNames.PIDF_NS, "basic")) {
                        basic = Optional.of(basic(in.text()));
                    } else if (in.is(PidfNames.JABBER_CLIENT_NS, "show")) {
                        show = Optional.of(in.text().strip());
                    } else {
                        in.skip();
                    }
                }
            } else if (in.is(PidfNames.PIDF_NS, "contact")) {
                Optional<String> p = in.attribute("priority");
                priority = p.isPresent() ? Optional.of(priority(p.get())) : Optional.empty();
                contact = Optional.of(in.text().strip());
            } else if (in.is(PidfNames.PIDF_NS, "note")) {
                Optional<String> noteLang = in.lang(lang);
                notes.add(new Note(in.text(), noteLang));
            } else if (in.is(PidfNames.PIDF_NS, "timestamp")) {
                timestamp = Optional.of(timestamp(in.text()));
            } else {
                in.skip();
            }
        }
        return new PresenceTuple(id, basic.orElseThrow(() -> new PidfParseException("tuple '" + id
                + "' has no basic status")), show, contact, priority, notes, timestamp);
    }

    private void person(PersonBuilder person, Optional<String> inherited)
            throws XMLStreamException, PidfParseException {
        String id = in.attribute("id").orElseThrow(() -> new PidfParseException("person without id"));
        person.id(id);
        Optional<String> lang = in.lang(inherited);
        while (in.nextChild()) {
            if (in.is(PidfNames.RPID_NS, "activities")) {
                while (in.nextChild()) {
                    if (PidfNames.RPID_NS.equals(in.namespace()) && !"note".equals(in.localName())) {
                        // RFC 4480 section 3.2: an activity we do not know is reported as "other".
                        person.activities.add(Activity.fromElement(in.localName()).orElse(Activity.OTHER));
                    }
                    in.skip();
                }
            } else if (in.is(PidfNames.DATA_MODEL_NS, "note")) {
                Optional<String> noteLang = in.lang(lang);
                person.notes.add(new Note(in.text(), noteLang));
            } else {
                in.skip();
            }
        }
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
        if (!PRIORITY.matcher(s).matches()) {
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
