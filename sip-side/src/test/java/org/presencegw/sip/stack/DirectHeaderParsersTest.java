package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.HeaderParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.ParserFactory;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.presencegw.sip.testing.Mutations;

/**
 * {@link StrictMessageParser} makes the parsers of common headers itself instead of through the RI's reflective
 * {@code ParserFactory}: the same parser classes, and every message parsed to the same result (the same objects, field
 * by field, {@link ObjectDump}), with the same errors reported, as the RI's way; and the RI's cache of header names
 * stays bounded whatever names peers send.
 */
class DirectHeaderParsersTest {

    private static final String[] NAMES = {"Via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq",
        "Max-Forwards", "Contact", "m", "Event", "o", "Expires", "Accept", "Content-Length", "l", "Content-Type", "c",
        "User-Agent", "Supported", "k", "Allow", "Allow-Events", "u", "Route", "Record-Route", "SIP-If-Match",
        "Authorization"};

    @Example
    void directParsers_areTheClassesOfTheRiTable() throws ParseException {
        for (String name : NAMES) {
            for (String written : new String[] {name, name.toUpperCase(java.util.Locale.ROOT),
                    " " + name.toLowerCase(java.util.Locale.ROOT) + "\t"}) {
                String line = written + ": x";
                HeaderParser direct = StrictMessageParser.directParser(line);
                assertNotNull(direct, line);
                assertEquals(ParserFactory.createParser(line + "\n").getClass(), direct.getClass(), line);
            }
        }
    }

    @Example
    void otherHeaders_areLeftToTheRi() {
        for (String line : new String[] {"X-Custom: 1", "Subscription-State: active", "Path: <sip:p>", "Via", ": x",
                "Viaa: x", "Date: Sat, 13 Nov 2010 23:29:00 GMT"}) {
            assertNull(StrictMessageParser.directParser(line), line);
        }
    }

    @Example
    void headerNames_foundAsLoweringTheTrimmedNameFindsThem() {
        List<String> names = new ArrayList<>();
        for (String name : NAMES) {
            names.add(name);
            names.add(name.toUpperCase(java.util.Locale.ROOT));
            names.add(" \t" + name + " ");
            names.add(name + "x");
            names.add(name.substring(1));
        }
        // Non-ASCII: the Kelvin sign lowers to "k" (Supported's compact form), the dotted capital I to two chars.
        names.addAll(List.of("\u212a", " \u212A ", "V\u0130a", "Vi\u00e1", "\u00e9vent", "", " ", "\u0000via"));
        for (String name : names) {
            String header = name + ": x";
            int colon = header.indexOf(':');
            String lowered = header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
            String expected = List.of(NAMES).stream().map(n -> n.toLowerCase(java.util.Locale.ROOT))
                    .filter(lowered::equals).findFirst().orElse(null);
            assertEquals(expected, StrictMessageParser.directName(header, colon), header);
        }
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Mutations.of(SipParserFuzzTest.corpus(), 8);
    }

    @Property(tries = 3000)
    void mutatedMessages_parseAsTheRiWay(@ForAll("messages") byte[] bytes) {
        assertEquals(outcome(new StrictMessageParser(false), bytes), outcome(new StrictMessageParser(true), bytes));
    }

    @Example
    void corpus_parsesAsTheRiWay() {
        for (byte[] seed : SipParserFuzzTest.corpus()) {
            assertEquals(outcome(new StrictMessageParser(false), seed), outcome(new StrictMessageParser(true), seed));
        }
    }

    @Example
    void badValuesOfDirectHeaders_reportedAsTheRiWay() {
        String head = "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n"
                + "From: <sip:w@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c1\r\nCSeq: 1 SUBSCRIBE\r\n";
        String[] bad = {"Max-Forwards: many", "Expires: soon", "Event: ", "Contact: <<sip:x>", "Content-Length: -1",
            "CSeq: x SUBSCRIBE", "Via: SIP/2.0", "Accept: /", "Route: sip:x", "Supported: a b", "Allow: ,"};
        for (String line : bad) {
            byte[] bytes = (head + line + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(outcome(new StrictMessageParser(false), bytes), outcome(new StrictMessageParser(true), bytes),
                    line);
        }
    }

    /**
     * Found by {@link #mutatedMessages_parseAsTheRiWay}: a line that starts with a control character is refused by
     * the RI's parser (the header is dropped and the next Max-Forwards taken), so it must not be made without it.
     */
    @Example
    void headerLineStartingWithAControlCharacter_parsedAsTheRiWay() {
        assertParsedAsTheRiWay("REGISTER sip:example.com SIP/2.0\r\nTo: sip:j.user@example.com\r\n"
                + "From: sip:j.user@example.com;tag=43251j3j324\r\u0000Max-Forwards:4\r\nMax-Forwards: 8\r\n"
                + "Call-ID: c1\r\nCSeq: 8 REGISTER\r\nVia: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdj\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    /** Found by the same property: the RI refuses a Via with a branch flag (and drops it), whatever follows. */
    @Example
    void viaWithABranchFlag_parsedAsTheRiWay() {
        assertParsedAsTheRiWay("INVITE sip:user@example.com SIP/2.0\r\nTo: <sip:j.user@example.com>\r\n"
                + "From: sip:caller@example.net;tag=93334\r\nMax-Forwards: 10\r\nCall-ID: quotbal.aksdj\r\n"
                + "CSeq: 8 INVITE\r\nVia: SIP/2.0/UDP 192.0.2.59:5050;branch;branch=z9hG4bKkdjuw39234\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    /** Found by the same property: the RI refuses a CSeq whose method is a header's compact name ("R"). */
    @Example
    void cseqWithACompactHeaderNameForMethod_parsedAsTheRiWay() {
        assertParsedAsTheRiWay("REGISTER sip:example.com SIP/2.0\r\nTo: sip:j.user@example.com\r\n"
                + "From: sip:j.user@example.com;tag=43251j3j324\r\nCall-ID: dblreq.0ha0\r\nCSeq: 8 R\r\n"
                + "CSeq: 8 REGISTER\r\nVia: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    @Example
    void newHeaderNames_doNotAccumulateInTheRiCache() throws ParseException {
        StrictMessageParser parser = new StrictMessageParser();
        for (int i = 0; i < 40; i++) {
            StringBuilder m = new StringBuilder("SUBSCRIBE sip:a@b SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK" + i + "\r\nFrom: <sip:w@b>;tag=1\r\n"
                    + "To: <sip:a@b>\r\nCall-ID: c" + i + "\r\nCSeq: 1 SUBSCRIBE\r\n");
            for (int j = 0; j < 250; j++) {
                m.append("X-").append(i).append('-').append(j).append(": v\r\n");
            }
            SIPMessage parsed = parser.parseSIPMessage(m.append("\r\n").toString().getBytes(StandardCharsets.UTF_8),
                    true, false, null);
            assertEquals("v", ((gov.nist.javax.sip.header.ExtensionHeaderImpl) parsed.getHeader("X-" + i + "-249"))
                    .getValue());
            assertNotNull(parsed.getHeader("Via"));
            int cached = StrictMessageParser.headerNamesCached();
            assertTrue(cached >= 0 && cached <= StrictMessageParser.HEADER_NAMES_KEPT, "cached names: " + cached);
        }
    }

    private static void assertParsedAsTheRiWay(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(outcome(new StrictMessageParser(false), bytes), outcome(new StrictMessageParser(true), bytes));
    }

    /** The parsed message's encoding, or the error, and what the listener was told. */
    private static String outcome(StrictMessageParser parser, byte[] bytes) {
        List<String> told = new ArrayList<>();
        ParseExceptionListener listener = (ex, msg, headerClass, header, raw) ->
                told.add(ex.getMessage() + " | " + (headerClass == null ? null : headerClass.getName()) + " | "
                        + header + " | " + raw);
        String withListener = parsed(parser, bytes, listener);
        String without = parsed(parser, bytes, null);
        // The RI's messages name char arrays by identity ("[C@1b6d3586"): not part of the outcome.
        return (withListener + "\n" + told + "\n" + without).replaceAll("\\[C@[0-9a-f]+", "[C@");
    }

    private static String parsed(StrictMessageParser parser, byte[] bytes, ParseExceptionListener listener) {
        try {
            SIPMessage m = parser.parseSIPMessage(bytes, true, false, listener);
            if (m != null) {
                arrivedAsTheRiEncodesThem(m);
            }
            // the objects too, field by field: SimpleHeaders makes some headers without the RI's parser
            return m == null ? "null" : m.encode() + "\n" + ObjectDump.of(m);
        } catch (ParseException e) {
            return "refused " + e.getMessage();
        }
    }

    /**
     * Found by {@link #mutatedMessages_parseAsTheRiWay} (seed 8803696953754964026): a From whose tag is given twice.
     * The RI's parse keeps the last value once; the 200 copies the value as it arrived ({@link ArrivedHeaders}: RFC
     * 3261 8.2.6.2), the one place where the copy and the RI's encoding differ.
     */
    @Example
    void parameterGivenTwice_keptAsItArrived() throws ParseException {
        byte[] bytes = ("OPTIONS sip:user@example.com SIP/2.0\r\nTo: sip:user@example.com\r\n"
                + "From: <sip:caller@example.com>;tag=3call;tag=323\r\nMax-Forwards: 70\r\nCall-ID: c1\r\n"
                + "CSeq: 60 OPTIONS\r\nVia: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        SIPMessage m = new StrictMessageParser().parseSIPMessage(bytes, true, false, null);
        StringBuilder from = new StringBuilder();
        assertTrue(ArrivedHeaders.appendFrom(m, from));
        assertEquals("From: <sip:caller@example.com>;tag=3call;tag=323", from.toString());
        assertEquals("From: <sip:caller@example.com>;tag=323", m.getFrom().toString().strip());
        arrivedAsTheRiEncodesThem(m);
        assertParsedAsTheRiWay(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /**
     * The From, To and Call-ID kept as they arrived ({@link ArrivedHeaders}, the direct parser only) are the text the
     * RI encodes for the headers it parsed, but for a parameter given twice (kept as it arrived, the RI's once: its
     * last value); then the kept values are dropped, so that the objects compare as the RI's.
     */
    private static void arrivedAsTheRiEncodesThem(SIPMessage m) {
        StringBuilder from = new StringBuilder();
        if (ArrivedHeaders.appendFrom(m, from)) {
            assertSameOrParameterTwice(m.getFrom().toString().strip(), from.toString());
        }
        StringBuilder to = new StringBuilder();
        if (ArrivedHeaders.appendTo(m, to)) {
            assertSameOrParameterTwice(m.getTo().toString().strip(), to.toString());
        }
        StringBuilder callId = new StringBuilder();
        if (ArrivedHeaders.appendCallId(m, callId)) {
            assertEquals(m.getCallId().toString().strip(), callId.toString());
        }
        m.setApplicationData(null);
    }

    /**
     * {@code copied} is {@code encoded}, or has a header parameter given twice and, each given once with its last
     * value, the same parameters as {@code encoded}.
     */
    private static void assertSameOrParameterTwice(String encoded, String copied) {
        if (encoded.equals(copied)) {
            return;
        }
        Map<String, String> once = headerParameters(copied, true);
        assertNotNull(once, () -> "no parameter given twice in " + copied + ", yet the RI encodes " + encoded);
        assertEquals(headerParameters(encoded, false), once, copied);
    }

    /**
     * The header parameters of a From or To line (after the URI's '>', or after the bare URI), by lower-cased name,
     * the last value of each; with {@code onlyRepeated}, null when no name is given twice.
     */
    private static Map<String, String> headerParameters(String line, boolean onlyRepeated) {
        int close = line.lastIndexOf('>');
        String value = line.substring(line.indexOf(':') + 1).strip();
        String params = close >= 0 ? line.substring(close + 1)
                : value.indexOf(';') < 0 ? "" : value.substring(value.indexOf(';'));
        Map<String, String> last = new java.util.TreeMap<>();
        boolean repeated = false;
        for (String p : params.split(";")) {
            if (p.isBlank()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(java.util.Locale.ROOT);
            repeated |= last.put(name, eq < 0 ? "" : p.substring(eq + 1).strip()) != null;
        }
        return onlyRepeated && !repeated ? null : last;
    }
}
