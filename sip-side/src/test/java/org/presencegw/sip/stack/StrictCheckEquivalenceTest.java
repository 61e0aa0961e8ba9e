package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.presencegw.sip.testing.Mutations;

/**
 * {@link StrictMessageParser#check} reads the header lines in place (it runs on every message a transport reads);
 * it must decide exactly as the text-splitting version it replaced, kept here as the oracle: the same messages
 * refused, the same version reported, over the fuzz and torture corpus and its mutations.
 */
class StrictCheckEquivalenceTest {

    private static List<byte[]> corpus() {
        return SipParserFuzzTest.corpus();
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Mutations.of(corpus(), 8);
    }

    @Property(tries = 3000)
    void mutatedMessages_decidedAsTheTextVersion(@ForAll("messages") byte[] bytes) {
        assertEquals(oracle(bytes), outcome(bytes));
    }

    @Example
    void corpus_decidedAsTheTextVersion() {
        for (byte[] seed : corpus()) {
            assertEquals(oracle(seed), outcome(seed));
        }
    }

    @Example
    void edgeCases_decidedAsTheTextVersion() {
        String[] cases = {
            "", "\r\n", "\n\n", " \r\n", "\r\n\r\nINVITE sip:a@b SIP/2.0\r\n",
            "SUBSCRIBE sip:a@b SIP/3.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 SUBSCRIBE\r\n\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\nv: x\nf: a\nt: b\ni: c\nCSeq: 1 SUBSCRIBE\n\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nv: x\r\nf: a\r\nt: b\r\ni: c\r\nCSeq: 1 SUBSCRIBE\r\nl: 0\r\nContent-Length: 0\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\n CALL-ID : c\r\nCSeq: 1 SUBSCRIBE\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\n\tCall-ID: d\r\nCSeq: 1 X\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\nCall-ID\r: c\r\nCSeq: 1 X\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\nCall-ID: c\rCall-ID: d\r\nCSeq: 1 X\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\n:Call-ID: c\r\nCSeq: 1 X\r\n",
            "SUBSCRIBE sip:2001:db8::1 SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\n",
            "SIP/2.0 200 OK\r\nCSeq: 1 X\r\ncseq: 2 X\r\n\r\n", "SIP/2.0 200 OK\r\n\r\n", "sip/2.0 200 OK\r",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 X\r\n\r\nCSeq: 2 X\r\n",
            "SUBSCRIBE sip:a@b SIP/2.0\r\nVia: x\r\nFrom: a\r\nTo: \u00e9\r\nCall-\u00cfD: c\r\nCSeq: 1 X\r\n",
        };
        for (String c : cases) {
            byte[] bytes = c.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(oracle(bytes), outcome(bytes), c);
        }
    }

    @Example
    void requestUri_foundAsTheRegularExpressionSplitFindsIt() {
        String[] lines = {"", "A", "A B", "A B C", "A  B   C", "A B C D", "A\tB C", "SUBSCRIBE sip:2001:db8::1 SIP/2.0",
            "SUBSCRIBE  sip:[2001:db8::1]  SIP/2.0", "\u00e9 \u00e9 \u00e9"}; // trimmed, as check() gives them
        for (String line : lines) {
            String[] parts = line.split(" +");
            assertEquals(parts.length == 3 ? parts[1] : null, StrictMessageParser.middleOfThree(line), line);
        }
    }

    /** "ok VERSION-or-null", or "refused MESSAGE". */
    private static String outcome(byte[] bytes) {
        try {
            int end = bytes.length;
            for (int i = 1; i + 3 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    end = i;
                    break;
                }
            }
            return "ok " + StrictMessageParser.check(bytes, end);
        } catch (ParseException e) {
            return "refused " + e.getMessage();
        }
    }

    // ---- the text version (session 16's StrictMessageParser.check and headerSection), the oracle; the IPv6 test
    // of the Request-URI is shared (it did not change)

    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "f", "from", "t", "to",
            "l", "content-length");
    private static final Set<String> MANDATORY = Set.of("via", "from", "to", "call-id", "cseq");
    private static final Set<String> SINGLE = Set.of("call-id", "from", "to", "cseq", "max-forwards",
            "content-length");

    private static String oracle(byte[] bytes) {
        int end = bytes.length;
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n' && i > 0) {
                end = i;
                break;
            }
        }
        try {
            return "ok " + oracleCheck(new String(bytes, 0, end, StandardCharsets.ISO_8859_1));
        } catch (ParseException e) {
            return "refused " + e.getMessage();
        }
    }

    private static String oracleCheck(String head) throws ParseException {
        String[] lines = head.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) {
            first++;
        }
        if (first >= lines.length) {
            return null;
        }
        String version = null;
        String start = lines[first].trim();
        if (!start.regionMatches(true, 0, "SIP/", 0, 4)) {
            int space = start.lastIndexOf(' ');
            String v = space < 0 ? "" : start.substring(space + 1);
            if (v.regionMatches(true, 0, "SIP/", 0, 4) && !v.equalsIgnoreCase("SIP/2.0")) {
                version = v;
            }
            String[] parts = start.split(" +");
            if (parts.length == 3 && StrictMessageParser.unbracketedIpv6(parts[1])) {
                throw new ParseException("IPv6 address without [] in the Request-URI", 0);
            }
        }
        boolean request = !start.regionMatches(true, 0, "SIP/", 0, 4);
        Set<String> seen = new HashSet<>();
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t' || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
            if (SINGLE.contains(name) && !seen.add(name)) {
                throw new ParseException("repeated single-valued header " + name, 0);
            }
            seen.add(name.equals("v") ? "via" : name);
        }
        if (request && !seen.containsAll(MANDATORY)) {
            throw new ParseException("request without Via, From, To, Call-ID or CSeq", 0);
        }
        return version;
    }
}
