package org.presencegw.sip.pidf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.publish.PidfParseException;
import org.presencegw.sip.publish.PidfParser;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * CONFORMANCE rows PIDF-01..10: render, parse back namespace-aware, check. Then the hand-written renderer against
 * the StAX renderer it replaced ({@link StaxPidfReference}): byte for byte and as namespace-aware trees for
 * everything XML carries unchanged; well-formed and lossless (up to U+FFFD) where the old one was not.
 */
class PidfRendererTest {

    private static final String ENTITY = "sip:bob@example.com";

    private final PidfRenderer renderer = new PidfRenderer();

    private static PresenceDocument fullDocument() {
        PresenceTuple desk = new PresenceTuple("desk", Basic.OPEN, Optional.of("dnd"),
                Optional.of("sip:bob@example.com;gr=desk"), Optional.of(new BigDecimal("0.8")),
                List.of(new Note("In a meeting", Optional.of("en")), new Note("En réunion", Optional.of("fr"))),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z")));
        PresenceTuple phone = PresenceTuple.of("phone", Basic.CLOSED);
        Person person = new Person("p1", Set.of(Activity.AWAY), List.of(new Note("Back soon", Optional.of("en"))));
        return new PresenceDocument(List.of(desk, phone), Optional.of(person));
    }

    private Document parse(byte[] bytes) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    @Test
    @DisplayName("PIDF-01")
    void render_anyDocument_startsWithUtf8DeclarationInSingleQuotes() {
        byte[] bytes = renderer.render(fullDocument(), ENTITY);
        assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("<?xml version='1.0' encoding='UTF-8'?>"));
    }

    @Test
    @DisplayName("PIDF-02")
    void render_anyDocument_rootIsPidfPresenceWithEntity() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        assertEquals(PidfNames.PIDF_NS, root.getNamespaceURI());
        assertEquals("presence", root.getLocalName());
        assertEquals(ENTITY, root.getAttribute("entity"));
    }

    @Test
    @DisplayName("PIDF-08, PIDF-09: PIDF-06")
    void render_twoTuples_inOrderWithStatusContactNotesTimestampOrder() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        List<Element> kids = children(root);
        assertEquals("tuple", kids.get(0).getLocalName());
        assertEquals("desk", kids.get(0).getAttribute("id"));
        assertEquals("phone", kids.get(1).getAttribute("id"));
        List<String> order = children(kids.get(0)).stream().map(Element::getLocalName).toList();
        assertEquals(List.of("status", "contact", "note", "note", "timestamp"), order);
        Element contact = children(kids.get(0)).get(1);
        assertTrue(contact.getAttribute("priority").matches("^(0(\\.\\d{1,3})?|1(\\.0{1,3})?)$"));
        assertEquals("2024-05-01T10:00:00Z", children(kids.get(0)).get(4).getTextContent());
        Element note = children(kids.get(0)).get(3);
        assertEquals("fr", note.getAttributeNS(PidfNames.XML_NS, "lang"));
        assertEquals("En réunion", note.getTextContent());
    }

    @Test
    @DisplayName("PIDF-05, XP-05")
    void render_xmppShow_basicThenJabberShowInsideStatus() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        List<Element> status = children(children(children(root).get(0)).get(0));
        assertEquals("basic", status.get(0).getLocalName());
        assertEquals(PidfNames.PIDF_NS, status.get(0).getNamespaceURI());
        assertEquals("open", status.get(0).getTextContent());
        assertEquals("show", status.get(1).getLocalName());
        assertEquals("jabber:client", status.get(1).getNamespaceURI());
        assertEquals("dnd", status.get(1).getTextContent());
        List<Element> closedStatus = children(children(children(root).get(1)).get(0));
        assertEquals(1, closedStatus.size());
        assertEquals("closed", closedStatus.get(0).getTextContent());
    }

    @Test
    @DisplayName("PIDF-10")
    void render_person_dmPersonWithRpidActivitiesAndNote() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        Element person = children(root).get(2);
        assertEquals(PidfNames.DATA_MODEL_NS, person.getNamespaceURI());
        assertEquals("person", person.getLocalName());
        assertEquals("p1", person.getAttribute("id"));
        Element activities = children(person).get(0);
        assertEquals(PidfNames.RPID_NS, activities.getNamespaceURI());
        assertEquals("activities", activities.getLocalName());
        assertEquals("away", children(activities).get(0).getLocalName());
        assertEquals(PidfNames.RPID_NS, children(activities).get(0).getNamespaceURI());
        Element note = children(person).get(1);
        assertEquals(PidfNames.DATA_MODEL_NS, note.getNamespaceURI());
        assertEquals("Back soon", note.getTextContent());
    }

    @Test
    void render_markupInText_escaped() throws Exception {
        PresenceTuple t = new PresenceTuple("t1", Basic.OPEN, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(Note.of("<b>&\"")), Optional.empty());
        Element root = parse(renderer.render(new PresenceDocument(List.of(t), Optional.empty()), "sip:a&b@x"))
                .getDocumentElement();
        assertEquals("sip:a&b@x", root.getAttribute("entity"));
        assertEquals("<b>&\"", root.getElementsByTagNameNS(PidfNames.PIDF_NS, "note").item(0).getTextContent());
    }

    // ---- The hand-written renderer against the StAX renderer it replaced (StaxPidfReference) ----

    private static final StaxPidfReference ORACLE = new StaxPidfReference();

    /** Hostile to a naive writer, but XML 1.0 carries them unchanged: the old renderer got these right. */
    private static final List<String> XML_SAFE_HOSTILE = List.of(
            "", "]]>", "]]", "a]]>b]]>", "<", ">", "&", "&amp;", "&lt;b&gt;", "&#0;", "\"", "'", "\"'\"'",
            "<![CDATA[x]]>", "<!-- c -->", "<?pi x?>", "<note>x</note>", "a=\"b\" c='d'", "back\\slash",
            "Jürgen Müller", "日本語", "emoji \uD83D\uDE00 grin", "\uD83D\uDE00\uD83C\uDF89", "max \uDBFF\uDFFF",
            "min \uD800\uDC00", "del \u007F c1 \u0080\u0085\u009F", "ls \u2028 ps \u2029", "nonchar \uFDD0 \uFFFD",
            "bom \uFEFF", "nbsp\u00A0x", " lead and trail ");

    /** Characters XML 1.0 does not allow, and surrogates that are not pairs: the old renderer mangled these. */
    private static final List<String> NOT_XML_CHARS = List.of(
            "nul \u0000", "bell \u0007 esc \u001B", "\u0001\u0002\u0003", "vt \u000B ff \u000C", "\u001F",
            "fffe \uFFFE ffff \uFFFF", "lone high \uD800 x", "lone low \uDC00 x", "trailing high \uD83D", "\uDC00",
            "\uD800", "reversed \uDE00\uD83D", "two highs \uD83D\uD83D\uDE00", "two lows \uD83D\uDE00\uDE00",
            "<\uD800>&\uDC00\"", "\uD800\"", "\uDBFF<");

    /** TAB, LF, CR: written raw before, so a parser turned them into spaces (attributes) or LF (CR in text). */
    private static final List<String> XML_WHITESPACE = List.of("tab\tx", "lf\nx", "cr\rx", "crlf\r\nx", "\r", "\t\n\r");

    private static final List<String> SHOWS = List.of("away", "chat", "dnd", "xa");
    private static final List<BigDecimal> PRIORITIES = List.of(new BigDecimal("0"), new BigDecimal("1"),
            new BigDecimal("0.5"), new BigDecimal("0.001"), new BigDecimal("1.000"), new BigDecimal("0.80"),
            new BigDecimal("1E-3"), new BigDecimal(".25"));
    private static final int[] NANOS = {0, 1, 1000, 1_000_000, 123_000_000, 123_456_000, 123_456_789, 999_999_999};

    /** The same string in every slot a document has: entity, ids, show, contact, note texts and langs. */
    private static PresenceDocument everywhere(String s) {
        PresenceTuple t1 = new PresenceTuple(s, Basic.OPEN, Optional.of(s), Optional.of(s),
                Optional.of(new BigDecimal("0.5")), List.of(new Note(s, Optional.of(s)), Note.of(s)),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z")));
        PresenceTuple t2 = new PresenceTuple("t2", Basic.CLOSED, Optional.empty(), Optional.of(s), Optional.empty(),
                List.of(Note.of(s)), Optional.empty());
        Person p = new Person(s, Set.of(Activity.AWAY, Activity.ON_THE_PHONE),
                List.of(new Note(s, Optional.of(s)), Note.of(s)));
        return new PresenceDocument(List.of(t1, t2), Optional.of(p));
    }

    /** The same string as every note text, ids and the rest plain: what PidfParser reads back unchanged. */
    private static PresenceDocument inNotes(String s) {
        PresenceTuple t = new PresenceTuple("t1", Basic.OPEN, Optional.of("away"), Optional.of("sip:a@b"),
                Optional.of(new BigDecimal("0.5")), List.of(new Note(s, Optional.of("en")), Note.of(s)),
                Optional.of(Instant.parse("2024-05-01T10:00:00.5Z")));
        Person p = new Person("p1", Set.of(Activity.BUSY), List.of(new Note(s, Optional.of("de")), Note.of(s)));
        return new PresenceDocument(List.of(t, PresenceTuple.of("t2", Basic.CLOSED)), Optional.of(p));
    }

    private static List<Note> notes(int count, int seed) {
        List<Note> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add((seed + i) % 2 == 0 ? new Note("note " + seed + "/" + i, Optional.of(i == 0 ? "en" : "fr"))
                    : Note.of("Note ohne Sprache " + i));
        }
        return out;
    }

    /** 32 tuples: every combination of show, contact, priority, notes and timestamp. */
    private static List<PresenceTuple> manyTuples() {
        List<PresenceTuple> many = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            boolean contact = (i & 4) != 0;
            many.add(new PresenceTuple("ID-r" + i, (i & 1) == 0 ? Basic.OPEN : Basic.CLOSED,
                    (i & 2) != 0 ? Optional.of(SHOWS.get(i % 4)) : Optional.empty(),
                    contact ? Optional.of("xmpp:user@jabber.test/r" + i) : Optional.empty(),
                    contact && (i & 8) != 0 ? Optional.of(PRIORITIES.get(i % PRIORITIES.size())) : Optional.empty(),
                    notes(i % 3, i),
                    (i & 16) != 0 ? Optional.of(Instant.ofEpochSecond(1_700_000_000L + i * 7919L, NANOS[i % 8]))
                            : Optional.empty()));
        }
        return many;
    }

    /** Documents PidfParser reads back as they are (xs:ID tuple ids, valid priorities, no padded show/contact). */
    static Stream<Arguments> plainDocuments() {
        Set<Activity> everyThird = EnumSet.noneOf(Activity.class);
        int i = 0;
        for (Activity a : Activity.values()) {
            if (i++ % 3 == 0) {
                everyThird.add(a);
            }
        }
        return Stream.of(
                Arguments.of("full", fullDocument()),
                Arguments.of("offline", new PresenceDocument(List.of(PresenceTuple.of("offline", Basic.CLOSED)),
                        Optional.empty())),
                Arguments.of("32 tuples", new PresenceDocument(manyTuples(), Optional.empty())),
                Arguments.of("32 tuples and person with all activities", new PresenceDocument(manyTuples(),
                        Optional.of(new Person("p", EnumSet.allOf(Activity.class), List.of(Note.of("all")))))),
                Arguments.of("person with every third activity", new PresenceDocument(
                        List.of(PresenceTuple.of("t", Basic.OPEN)), Optional.of(new Person("p", everyThird,
                                notes(3, 0))))),
                Arguments.of("person without activities or notes", new PresenceDocument(
                        List.of(PresenceTuple.of("t", Basic.OPEN)), Optional.of(new Person("p", Set.of(), List.of())))),
                Arguments.of("person with notes only", new PresenceDocument(List.of(PresenceTuple.of("t", Basic.OPEN)),
                        Optional.of(new Person("p", Set.of(), notes(2, 1))))));
    }

    static Stream<Arguments> documents() {
        List<Arguments> out = new ArrayList<>(plainDocuments().map(a -> Arguments.of(a.get()[0], a.get()[1], ENTITY))
                .toList());
        for (String s : XML_SAFE_HOSTILE) {
            out.add(Arguments.of("everywhere: " + visible(s), everywhere(s), s));
        }
        // Longer than a 512-unit chunk, a surrogate pair across the chunk boundary, buffer growth past 16 KiB.
        String longText = "x".repeat(511) + "\uD83D\uDE00" + "&<>\"".repeat(5000) + "é€".repeat(3000);
        out.add(Arguments.of("long strings", everywhere(longText), longText));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void render_xmlSafeStrings_sameBytesAndTreeAsStaxRenderer(String name, PresenceDocument doc, String entity)
            throws Exception {
        byte[] expected = ORACLE.render(doc, entity);
        byte[] actual = renderer.render(doc, entity);
        assertWellFormed(actual);
        assertEquals(tree(parse(expected)), tree(parse(actual)));
        assertEquals(values(doc, entity), values(parse(actual)));
        assertArrayEquals(expected, actual, () -> "expected " + new String(expected, StandardCharsets.UTF_8)
                + "\nbut got  " + new String(actual, StandardCharsets.UTF_8));
    }

    static Stream<Arguments> notXmlChars() {
        return NOT_XML_CHARS.stream().map(s -> Arguments.of(visible(s), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notXmlChars")
    void render_charactersXmlCannotCarry_wellFormedWithFffdInstead(String name, String s) throws Exception {
        byte[] actual = renderer.render(everywhere(s), s);
        assertWellFormed(actual);
        PresenceDocument sanitized = mapStrings(everywhere(s), PidfRendererTest::sanitize);
        assertEquals(values(sanitized, sanitize(s)), values(parse(actual)));
        // Exactly what the StAX renderer wrote for the same strings with U+FFFD in place of what XML cannot carry.
        assertArrayEquals(ORACLE.render(sanitized, sanitize(s)), actual);
    }

    static Stream<Arguments> xmlWhitespace() {
        return XML_WHITESPACE.stream().map(s -> Arguments.of(visible(s), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xmlWhitespace")
    void render_tabLfCr_readBackExactlyWhereStaxRendererLetThemBeNormalized(String name, String s)
            throws Exception {
        byte[] actual = renderer.render(everywhere(s), s);
        assertWellFormed(actual);
        assertEquals(values(everywhere(s), s), values(parse(actual)));
        assertNotEquals(values(everywhere(s), s), values(parse(ORACLE.render(everywhere(s), s))));
    }

    @Test
    void render_markupCharacters_escapedLikeStaxRenderer() {
        String s = "]]> <a href=\"x\" t='y'>&amp;</a>";
        String xml = new String(renderer.render(everywhere(s), s), StandardCharsets.UTF_8);
        assertTrue(xml.contains("<contact priority=\"0.5\">]]&gt; &lt;a href=\"x\" t='y'&gt;&amp;amp;&lt;/a&gt;"
                + "</contact>"), xml);
        assertTrue(xml.contains(" entity=\"]]&gt; &lt;a href=&quot;x&quot; t='y'&gt;&amp;amp;&lt;/a&gt;\">"), xml);
        assertFalse(xml.contains("]]>"), xml);
    }

    @Test
    void render_whitespace_tabLfCrAsCharacterReferencesInAttributesCrInText() {
        PresenceTuple t = new PresenceTuple("t", Basic.OPEN, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new Note("a\tb\nc\rd", Optional.of("x\ty\nz\r"))), Optional.empty());
        String xml = new String(renderer.render(new PresenceDocument(List.of(t), Optional.empty()), "e\t\n\r"),
                StandardCharsets.UTF_8);
        assertTrue(xml.contains(" entity=\"e&#9;&#10;&#13;\">"), xml);
        assertTrue(xml.contains("<note xml:lang=\"x&#9;y&#10;z&#13;\">a\tb\nc&#13;d</note>"), xml);
    }

    @Test
    void render_surrogates_pairIsOneFourByteSequenceAndAnythingElseFffd() throws Exception {
        String s = "[\uD83D\uDE00|\uD800|\uDC00|\uDBFF\uDFFF|\u0000|\uFFFE|\uD83D]";
        PresenceTuple t = new PresenceTuple("t", Basic.OPEN, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(Note.of(s)), Optional.empty());
        byte[] bytes = renderer.render(new PresenceDocument(List.of(t), Optional.empty()), ENTITY);
        byte[] fffd = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
        ByteBuffer expected = ByteBuffer.allocate(64).put((byte) '[').put(new byte[] {(byte) 0xF0, (byte) 0x9F,
                (byte) 0x98, (byte) 0x80}).put((byte) '|').put(fffd).put((byte) '|').put(fffd).put((byte) '|')
                .put(new byte[] {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}).put((byte) '|').put(fffd)
                .put((byte) '|').put(fffd).put((byte) '|').put(fffd).put((byte) ']');
        String note = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(note.contains(new String(expected.array(), 0, expected.position(), StandardCharsets.UTF_8)),
                note);
        assertWellFormed(bytes);
    }

    @Test
    void render_randomStrings_wellFormedAndLosslessUpToFffd() throws Exception {
        char[] alphabet = {'a', 'Z', '0', ' ', ';', '#', '&', '<', '>', '"', '\'', ']', '\t', '\n', '\r', '\u0000',
            '\u0001', '\u001F', '\u007F', '\u0085', 'é', '\u07FF', '\u0800', '\u20AC', '\u2028', '\uD7FF', '\uE000',
            '\uFFFD', '\uFFFE', '\uFFFF', '\uD83D', '\uDE00', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'};
        Random random = new Random(4711);
        for (int round = 0; round < 1500; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(8) == 0) {
                    sb.appendCodePoint(0x10000 + random.nextInt(0x100000));
                } else {
                    sb.append(alphabet[random.nextInt(alphabet.length)]);
                }
            }
            String s = sb.toString();
            byte[] actual = renderer.render(everywhere(s), s);
            assertWellFormed(actual);
            PresenceDocument sanitized = mapStrings(everywhere(s), PidfRendererTest::sanitize);
            assertEquals(values(sanitized, sanitize(s)), values(parse(actual)), visible(s));
            if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                assertArrayEquals(ORACLE.render(sanitized, sanitize(s)), actual, visible(s));
            }
        }
    }

    @Test
    @DisplayName("PIDF-08")
    void render_timestamps_sameAsIsoInstantFromYear0000To9999AndBeyond() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.EPOCH.minusNanos(1),
                Instant.EPOCH.plusNanos(1), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusNanos(1), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1), Instant.parse("2000-02-29T23:59:59.100Z"),
                Instant.parse("1900-03-01T00:00:00Z"), Instant.parse("2100-02-28T12:00:00.000100Z"),
                Instant.parse("1600-02-29T00:00:00.000000010Z"), Instant.parse("2024-12-31T23:59:59Z"),
                Instant.MIN, Instant.MAX));
        Random random = new Random(42);
        long from = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() - 100_000_000L;
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 100_000_000L;
        for (int i = 0; i < 3000; i++) {
            long seconds = from + (long) (random.nextDouble() * (to - from));
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant instant : instants) {
            PresenceTuple t = new PresenceTuple("t", Basic.OPEN, Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), Optional.of(instant));
            PresenceDocument doc = new PresenceDocument(List.of(t), Optional.empty());
            String expected = new String(ORACLE.render(doc, ENTITY), StandardCharsets.UTF_8);
            String actual = new String(renderer.render(doc, ENTITY), StandardCharsets.UTF_8);
            assertEquals(expected, actual, instant::toString);
            assertTrue(actual.contains("<timestamp>" + DateTimeFormatter.ISO_INSTANT.format(instant) + "</timestamp>"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainDocuments")
    void render_thenPidfParser_sameDocument(String name, PresenceDocument doc) throws PidfParseException {
        assertEquals(doc, PidfParser.parse(renderer.render(doc, ENTITY)));
    }

    static Stream<Arguments> noteTexts() {
        return Stream.of(XML_SAFE_HOSTILE, NOT_XML_CHARS, XML_WHITESPACE).flatMap(List::stream)
                .map(s -> Arguments.of(visible(s), s));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noteTexts")
    void render_hostileNoteText_pidfParserReadsItBackUpToFffd(String name, String s) throws PidfParseException {
        PresenceDocument parsed = PidfParser.parse(renderer.render(inNotes(s), ENTITY));
        assertEquals(mapStrings(inNotes(s), PidfRendererTest::sanitize), parsed);
    }

    @Test
    void render_bigThenSmallOnOneThread_noLeftoversAndFreshArrays() {
        String big = "big &<> \uD83D\uDE00 ".repeat(4000);
        PresenceDocument small = new PresenceDocument(List.of(PresenceTuple.of("t", Basic.CLOSED)), Optional.empty());
        assertArrayEquals(ORACLE.render(everywhere(big), big), renderer.render(everywhere(big), big));
        byte[] first = renderer.render(small, ENTITY);
        byte[] second = renderer.render(small, ENTITY);
        assertArrayEquals(ORACLE.render(small, ENTITY), first);
        assertNotSame(first, second);
        first[0] = 'x';
        assertArrayEquals(ORACLE.render(small, ENTITY), second);
        assertArrayEquals(ORACLE.render(small, ENTITY), new PidfRenderer().render(small, ENTITY));
    }

    @Test
    void render_fromManyThreadsAtOnce_sameBytesAsAlone() throws Exception {
        List<Arguments> cases = documents().toList();
        List<byte[]> expected = new ArrayList<>();
        for (Arguments a : cases) {
            expected.add(ORACLE.render((PresenceDocument) a.get()[1], (String) a.get()[2]));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int task = 0; task < 12; task++) {
                int offset = task;
                Callable<Integer> job = () -> {
                    int checked = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int k = 0; k < cases.size(); k++) {
                            int i = (k * 7 + offset + round) % cases.size();
                            Object[] a = cases.get(i).get();
                            if (!Arrays.equals(expected.get(i),
                                    renderer.render((PresenceDocument) a[1], (String) a[2]))) {
                                throw new AssertionError("different bytes for " + a[0]);
                            }
                            checked++;
                        }
                    }
                    return checked;
                };
                results.add(pool.submit(job));
            }
            for (Future<Integer> f : results) {
                assertEquals(20 * cases.size(), f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ----

    /** Strict UTF-8, accepted by a DOM and a StAX parser, and no {@code ]]>} anywhere. */
    private void assertWellFormed(byte[] bytes) throws Exception {
        String xml;
        try {
            xml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("not UTF-8", e);
        }
        assertFalse(xml.contains("]]>"), xml);
        assertTrue(xml.startsWith("<?xml version='1.0' encoding='UTF-8'?><presence xmlns=\"" + PidfNames.PIDF_NS
                + "\""), xml);
        parse(bytes);
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(bytes));
        try {
            while (r.hasNext()) {
                r.next();
            }
        } catch (XMLStreamException e) {
            throw new AssertionError("StAX refuses " + xml, e);
        } finally {
            r.close();
        }
    }

    /** The document as a namespace-aware tree: names with namespace and prefix, all attributes, text. */
    private static String tree(Document d) {
        d.normalizeDocument();
        StringBuilder sb = new StringBuilder("xml ").append(d.getXmlVersion()).append(' ').append(d.getXmlEncoding())
                .append('\n');
        tree(d, sb, 0);
        return sb.toString();
    }

    private static void tree(Node parent, StringBuilder sb, int depth) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            sb.append("  ".repeat(depth));
            if (n instanceof Element e) {
                sb.append('{').append(e.getNamespaceURI()).append('}').append(e.getLocalName()).append(" as ")
                        .append(e.getTagName());
                NamedNodeMap attributes = e.getAttributes();
                Set<String> sorted = new TreeSet<>();
                for (int i = 0; i < attributes.getLength(); i++) {
                    Attr a = (Attr) attributes.item(i);
                    sorted.add("{" + a.getNamespaceURI() + "}" + a.getLocalName() + " as " + a.getName() + "="
                            + a.getValue());
                }
                sb.append(' ').append(sorted).append('\n');
                tree(e, sb, depth + 1);
            } else {
                sb.append("node ").append(n.getNodeType()).append(": ").append(n.getNodeValue()).append('\n');
            }
        }
    }

    /** Every value the model puts in the document, in document order. */
    private static List<String> values(PresenceDocument doc, String entity) {
        List<String> v = new ArrayList<>();
        v.add("entity=" + entity);
        for (PresenceTuple t : doc.tuples()) {
            v.add("tuple=" + t.id());
            v.add("basic=" + t.basic().wire());
            t.xmppShow().ifPresent(s -> v.add("show=" + s));
            if (t.contact().isPresent()) {
                t.priority().ifPresent(p -> v.add("priority=" + p.toPlainString()));
                v.add("contact=" + t.contact().get());
            }
            t.notes().forEach(n -> {
                n.lang().ifPresent(l -> v.add("lang=" + l));
                v.add("note=" + n.text());
            });
            t.timestamp().ifPresent(ts -> v.add("timestamp=" + DateTimeFormatter.ISO_INSTANT.format(ts)));
        }
        doc.person().ifPresent(p -> {
            v.add("person=" + p.id());
            if (!p.activities().isEmpty()) {
                v.add("activities");
                for (Activity a : Activity.values()) {
                    if (p.activities().contains(a)) {
                        v.add("activity=" + a.element());
                    }
                }
            }
            p.notes().forEach(n -> {
                n.lang().ifPresent(l -> v.add("lang=" + l));
                v.add("note=" + n.text());
            });
        });
        return v;
    }

    /** Every value in a parsed document, in document order, as {@link #values(PresenceDocument, String)} lists it. */
    private static List<String> values(Document d) {
        List<String> v = new ArrayList<>();
        Element root = d.getDocumentElement();
        v.add("entity=" + root.getAttribute("entity"));
        for (Element child : children(root)) {
            if (child.getLocalName().equals("tuple")) {
                v.add("tuple=" + child.getAttribute("id"));
                for (Element e : children(child)) {
                    switch (e.getLocalName()) {
                        case "status" -> children(e).forEach(s -> v.add(s.getLocalName() + "=" + s.getTextContent()));
                        case "contact" -> {
                            if (e.hasAttribute("priority")) {
                                v.add("priority=" + e.getAttribute("priority"));
                            }
                            v.add("contact=" + e.getTextContent());
                        }
                        case "note" -> addNote(v, e);
                        default -> v.add(e.getLocalName() + "=" + e.getTextContent());
                    }
                }
            } else {
                v.add(child.getLocalName() + "=" + child.getAttribute("id"));
                for (Element e : children(child)) {
                    if (e.getLocalName().equals("note")) {
                        addNote(v, e);
                    } else {
                        v.add(e.getLocalName());
                        children(e).forEach(a -> v.add("activity=" + a.getLocalName()));
                    }
                }
            }
        }
        return v;
    }

    private static void addNote(List<String> v, Element note) {
        if (note.hasAttributeNS(PidfNames.XML_NS, "lang")) {
            v.add("lang=" + note.getAttributeNS(PidfNames.XML_NS, "lang"));
        }
        v.add("note=" + note.getTextContent());
    }

    /** Replaces what XML 1.0 cannot carry (section 2.2, Char) with U+FFFD, a lone surrogate included. */
    private static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(isXmlChar(cp) ? cp : 0xFFFD));
        return sb.toString();
    }

    private static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** The document with {@code f} applied to every string in it. */
    private static PresenceDocument mapStrings(PresenceDocument doc, UnaryOperator<String> f) {
        List<PresenceTuple> tuples = doc.tuples().stream().map(t -> new PresenceTuple(f.apply(t.id()), t.basic(),
                t.xmppShow().map(f), t.contact().map(f), t.priority(), mapNotes(t.notes(), f), t.timestamp()))
                .toList();
        return new PresenceDocument(tuples, doc.person().map(p -> new Person(f.apply(p.id()), p.activities(),
                mapNotes(p.notes(), f))));
    }

    private static List<Note> mapNotes(List<Note> notes, UnaryOperator<String> f) {
        return notes.stream().map(n -> new Note(f.apply(n.text()), n.lang().map(f))).toList();
    }

    /** For test names: anything outside printable ASCII as a Java escape. */
    private static String visible(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return "[" + (sb.length() > 60 ? sb.substring(0, 60) + "..." : sb) + "]";
    }
}
