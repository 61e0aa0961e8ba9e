package org.presencegw.sip.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.pidf.PidfNames;
import org.presencegw.sip.testing.Mutations;

/**
 * {@link SmallXmlPull} reads PIDF bodies instead of StAX whenever it can; whatever it accepts must give the document
 * StAX's events give, and whatever it refuses StAX decides. The oracle is {@link SafeXmlCursor#readStax}: over the
 * PIDF corpus, documents written to use every construct the reader covers, the constructs it leaves to StAX, and
 * tens of thousands of random and XML-aware mutations of them, {@link PidfParser#parse} gives the same document or
 * the same refusal as StAX alone, and so does the small reader wherever it does not step aside.
 */
class PidfXmlEquivalenceTest {

    private static final String HEAD = "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:a@b'>";
    private static final String TUPLE = "<tuple id='t1'><status><basic>open</basic></status></tuple>";

    /** Documents the small reader must read itself (the fast path must not silently stop applying). */
    static final List<String> COVERED = List.of(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" "
                    + "entity=\"sip:pub1@registrar.test\">\n  <tuple id=\"sipp-pub1\"><status><basic>open</basic>"
                    + "</status></tuple>\n</presence>\n",
            "\uFEFF<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\r\n" + HEAD + "\r\n" + TUPLE
                    + "\r\n</presence>\r\n",
            "<?xml version='1.0'?>" + HEAD + "<tuple id='t1'><status><basic> closed </basic></status>"
                    + "<contact priority='0.5'>sip:a@192.0.2.1</contact><note xml:lang='de'>Mittag &amp; mehr"
                    + "</note><timestamp>2026-12-04T19:00:00.5+01:00</timestamp></tuple></presence>",
            "<p:presence xmlns:p='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'"
                    + " xmlns:r='urn:ietf:params:xml:ns:pidf:rpid' entity='sip:a@b' xml:lang='fr'><p:tuple id='x'>"
                    + "<p:status><p:basic>open</p:basic></p:status><p:note>a<![CDATA[<b>&c]]>d<!-- e -->f&#x263A;"
                    + "&#65;&lt;&gt;&apos;&quot;</p:note></p:tuple><dm:person id='pp'><r:activities><r:busy/>"
                    + "<r:on-the-phone></r:on-the-phone><r:unknown-thing/><r:note>n</r:note></r:activities>"
                    + "<dm:note xml:lang='en'>In a call \u2013 \uD83D\uDCDE</dm:note></dm:person></p:presence>",
            "<!-- before --><?pi data?>\n" + HEAD + "<?inner?>" + TUPLE + "<tuple id='t2'><status><basic>closed"
                    + "</basic><show xmlns='jabber:client'>dnd</show></status></tuple></presence><!-- after -->",
            HEAD + "<tuple id='t1' a='&#9;x&#10;y\tz\n&amp;' b=\"'\" c='\"'><status><basic>open</basic></status>"
                    + "<x:ext xmlns:x='urn:x' x:mustUnderstand='false'><x:deep><x:deeper/></x:deep></x:ext>"
                    + "</tuple><ext xmlns='' mustUnderstand='0'>t</ext></presence>",
            HEAD + "<tuple id='t1' x:id='no' xmlns:x='urn:x'>" + "<status><basic>open</basic></status></tuple>"
                    + "</presence>",
            // StAX's getAttributeValue(null, name) takes the first attribute of that local name, in any namespace
            HEAD + "<tuple x:id='first' id='t1' xmlns:x='urn:x'>" + "<status><basic>open</basic></status></tuple>"
                    + "</presence>",
            HEAD + "<tuple id='t2'><status><basic>open</basic></status><y:e xmlns:y='urn:y' y:mustUnderstand='1'"
                    + "/></tuple></presence>",
            HEAD + "<tuple xmlns:id='urn:x' id='t9'><status><basic>open</basic></status></tuple></presence>",
            HEAD + "<tuple id='t1'><status><basic>open</basic></status></tuple>"
                    + "<tuple id='t1'><status><basic>open</basic></status></tuple></presence>",
            HEAD + "<tuple id='t1'><status><basic>maybe</basic></status></tuple></presence>",
            HEAD + "<tuple id='t1'><status><basic>open</basic></status><x:a xmlns:x='urn:x' "
                    + "mustUnderstand='true'/></tuple></presence>",
            HEAD + "<tuple><status><basic>open</basic></status></tuple></presence>",
            HEAD + "</presence>",
            "<presence xmlns='urn:other' entity='sip:a@b'>" + TUPLE + "</presence>",
            HEAD + "<tuple id='t1'><status><basic>open<b/></basic></status></tuple></presence>",
            HEAD + "<a:b xmlns:a='urn:a'><c/></a:b>" + TUPLE + "</presence>   <!-- x -->  ",
            // Neither reader reads past the root's end tag.
            HEAD + TUPLE + "</presence><presence/>");

    /** Documents that need StAX: outside the subset, or not well-formed. */
    static final List<String> LEFT_TO_STAX = List.of(
            "<?xml version='1.0' encoding='ISO-8859-1'?>" + HEAD + TUPLE + "</presence>",
            "<?xml version='1.1'?>" + HEAD + TUPLE + "</presence>",
            "<!DOCTYPE presence>" + HEAD + TUPLE + "</presence>",
            HEAD + "<tuple id='t1'><status><basic>&open;</basic></status></tuple></presence>",
            HEAD + "<tüple id='t1'/>" + TUPLE + "</presence>",
            HEAD + TUPLE + "</presencex>",
            HEAD + TUPLE,
            HEAD + "<tuple id='t1' id='t2'><status><basic>open</basic></status></tuple></presence>",
            HEAD + "<tuple id='t1' a:x='1' b:x='2' xmlns:a='u' xmlns:b='u'><status><basic>open</basic></status>"
                    + "</tuple></presence>",
            HEAD + "<tuple id='t1' q:x='1'><status><basic>open</basic></status></tuple></presence>",
            HEAD + "<tuple id='t1'><status><basic>open</basic></status><note>]]></note></tuple></presence>",
            HEAD + "<tuple id='t1'><status><basic>open</basic></status><note>&#0;</note></tuple></presence>",
            HEAD + "<tuple id='t1'><status><basic>open</basic></status><note>\u0001</note></tuple></presence>",
            HEAD + "<!-- a -- b -->" + TUPLE + "</presence>",
            HEAD + "<?xml version='1.0'?>" + TUPLE + "</presence>",
            HEAD + "<tuple id='t1'a='b'><status><basic>open</basic></status></tuple></presence>",
            HEAD + "<tuple id='<'><status><basic>open</basic></status></tuple></presence>",
            "x" + HEAD + TUPLE + "</presence>",
            "",
            "   ",
            " <?xml version='1.0'?>" + HEAD + TUPLE + "</presence>",
            HEAD + "<tuple id='t1' xmlns:p=''><status><basic>open</basic></status></tuple></presence>",
            HEAD + "<tuple id='t1'" + manyAttributes("a", 33) + "><status><basic>open</basic></status></tuple>"
                    + "</presence>",
            HEAD + "<tuple id='t1'" + manyAttributes("xmlns:p", 33)
                    + "><status><basic>open</basic></status></tuple></presence>",
            HEAD + ("<a" + manyAttributes("xmlns:p", 30) + ">").repeat(3) + "</a>".repeat(3) + TUPLE
                    + "</presence>");

    private static String manyAttributes(String prefix, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(' ').append(prefix).append(i).append("='u'");
        }
        return sb.toString();
    }

    @Test
    void coveredDocuments_readByTheSmallReader_asStaxReadsThem() throws Exception {
        for (String doc : COVERED) {
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            assertTrue(smallReads(body), "the small reader steps aside for: " + doc);
            assertEquals(stax(body), outcome(body), doc);
        }
    }

    @Test
    void documentsOutsideTheSubset_leftToStax() {
        for (String doc : LEFT_TO_STAX) {
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            assertTrue(!smallReads(body), "the small reader must step aside for: " + doc);
            assertEquals(stax(body), outcome(body), doc);
        }
        byte[] utf16 = (HEAD + TUPLE + "</presence>").getBytes(StandardCharsets.UTF_16);
        assertTrue(!smallReads(utf16));
        assertEquals(stax(utf16), outcome(utf16));
    }

    @Test
    void mutatedDocuments_sameOutcomeAsStax() {
        List<byte[]> seeds = seeds();
        Random rnd = new Random(20261204L);
        int small = 0;
        int smallDocuments = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            byte[] body = (i % 2 == 0) ? Mutations.random(seed, 4, rnd) : xmlMutation(seed, rnd);
            String expected = stax(body);
            String label = new String(body, StandardCharsets.UTF_8);
            assertEquals(expected, outcome(body), label);
            Optional<String> direct = smallOutcome(body);
            if (direct.isPresent()) {
                assertEquals(expected, direct.get(), label);
                small++;
                smallDocuments += direct.get().startsWith("document") ? 1 : 0;
            }
        }
        // Not vacuous: the small reader decided a good share itself, documents among them.
        assertTrue(small > n / 10, "small reader decided " + small);
        assertTrue(smallDocuments > n / 20, "small reader read " + smallDocuments + " documents");
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>(Mutations.corpus(PidfFuzzTest.class, "/fuzz/pidf"));
        for (String s : COVERED) {
            seeds.add(s.getBytes(StandardCharsets.UTF_8));
        }
        seeds.add(PidfExamples.RFC3863.getBytes(StandardCharsets.UTF_8));
        seeds.add(PidfExamples.RFC4480.getBytes(StandardCharsets.UTF_8));
        return seeds;
    }

    /** XML-aware edits: a token inserted or swapped in at a random place (inside tags too), 1 to 3 times. */
    private static final String[] XML_TOKENS = {"<", ">", "/>", "</", "&", "&amp;", "&#x41;", "&#65;", "&#xD800;",
        "&lt", ";", "'", "\"", "=", " ", "\t", "\n", "\r", "\r\n", ":", "x:", "xmlns", "xmlns:x='urn:x' ",
        "xmlns='' ", "xmlns:x='' ", " a='1'", " id='dup'", " xml:lang='en'", " mustUnderstand='true'",
        "<![CDATA[", "]]>", "<!--", "-->", "--", "<?", "?>", "<?pi ?>", "<x/>", "<x:y/>", "</x>", "\u00e9", "\u0000",
        "\uFFFE", "\uFEFF", "<!DOCTYPE p>", "&e;", "?", "!", "-", ".", "_", "1", "\u00b7"};

    private static byte[] xmlMutation(byte[] seed, Random rnd) {
        String s = new String(seed, StandardCharsets.UTF_8);
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            int at = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
            String t = XML_TOKENS[rnd.nextInt(XML_TOKENS.length)];
            if (rnd.nextBoolean() || at == s.length()) {
                s = s.substring(0, at) + t + s.substring(at);
            } else {
                int to = Math.min(s.length(), at + 1 + rnd.nextInt(4));
                s = s.substring(0, at) + t + s.substring(to);
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean smallReads(byte[] body) {
        return smallOutcome(body).isPresent();
    }

    private static String outcome(byte[] body) {
        try {
            return "document " + PidfParser.parse(body);
        } catch (PidfParseException e) {
            return "refused " + e.getMessage();
        }
    }

    private static String stax(byte[] body) {
        try {
            PresenceDocument d = SafeXmlCursor.readStax(body, PidfParser.MAX_DEPTH, PidfNames.PIDF_NS,
                    PidfParser.READER);
            return "document " + d;
        } catch (PidfParseException e) {
            return "refused " + e.getMessage();
        }
    }

    private static Optional<String> smallOutcome(byte[] body) {
        try {
            return SafeXmlCursor.readSmall(body, PidfParser.MAX_DEPTH, PidfNames.PIDF_NS, PidfParser.READER)
                    .map(d -> "document " + d);
        } catch (PidfParseException e) {
            return Optional.of("refused " + e.getMessage());
        }
    }
}
