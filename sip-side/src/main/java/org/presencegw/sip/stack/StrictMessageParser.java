package org.presencegw.sip.stack;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The RI's parser with the checks it lacks (RFC 4475, TortureIT), applied to the raw header section before the RI
 * parses it, on every transport (UDP, TCP and the NIO processors all create their parsers through
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}, set to {@link Factory} in {@link StackProperties}):
 * <ul>
 *   <li>a single-valued header (Call-ID, From, To, CSeq, Max-Forwards, Content-Length, long or compact form)
 *       that appears twice is a parse error: the RI answers a UDP request 400 (RFC 4475 multi01, mcl01; RFC 3261
 *       7.3.1 and 18.3) and drops the message on a stream;</li>
 *   <li>a request without Via, From, To, Call-ID or CSeq is a parse error (RFC 3261 8.1.1, RFC 4475 insuf;
 *       the RI went on with it and failed on the missing CSeq);</li>
 *   <li>a Request-URI with an IPv6 host outside brackets is a parse error (RFC 5118 4.2, ipv6-bad);</li>
 *   <li>a request line whose version is not SIP/2.0 keeps that version (the RI would report SIP/2.0), so the
 *       dispatcher answers 505 (RFC 4475 badvers, RFC 3261 8.2 and 21.5.7).</li>
 * </ul>
 * Any other exception of the RI's parser on hostile input becomes a ParseException (found by fuzzing:
 * {@code SipParserFuzzTest}). Only the header section of the first message is looked at (a UDP datagram's trailing bytes are not, RFC 4475
 * dblreq). Thread confinement as the RI's: one parser per channel.
 */
public final class StrictMessageParser extends StringMsgParser {

    /** Set as {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. */
    public static final class Factory implements MessageParserFactory {
        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            return new StrictMessageParser();
        }
    }

    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "f", "from", "t", "to",
            "l", "content-length");
    private static final Set<String> MANDATORY = Set.of("via", "from", "to", "call-id", "cseq");
    private static final Set<String> SINGLE = Set.of("call-id", "from", "to", "cseq", "max-forwards",
            "content-length");

    @Override
    public SIPMessage parseSIPMessage(byte[] msgBuffer, boolean readBody, boolean strict,
                                      ParseExceptionListener exhandler) throws ParseException {
        String head = headerSection(msgBuffer);
        String version = check(head);
        SIPMessage message;
        try {
            message = super.parseSIPMessage(msgBuffer, readBody, strict, exhandler);
        } catch (RuntimeException e) {
            // The RI's transports expect ParseException only; anything else would end the channel's thread.
            throw new ParseException("unparsable message: " + e, 0);
        }
        if (version != null && message instanceof SIPRequest request && request.getRequestLine() != null) {
            request.getRequestLine().setSipVersion(version);
        }
        return message;
    }

    /**
     * Throws for a repeated single-valued header; returns the request line's version when it is not SIP/2.0, else
     * null.
     */
    static String check(String head) throws ParseException {
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
            if (parts.length == 3 && unbracketedIpv6(parts[1])) {
                throw new ParseException("IPv6 address without [] in the Request-URI", 0);
            }
        }
        boolean request = !start.regionMatches(true, 0, "SIP/", 0, 4);
        Set<String> seen = new java.util.HashSet<>();
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

    /** RFC 3261 25.1 / RFC 5118 4.2: an IPv6 host in a SIP URI must be an IPv6reference ({@code [...]}). */
    private static boolean unbracketedIpv6(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0 || !(uri.regionMatches(true, 0, "sip:", 0, 4) || uri.regionMatches(true, 0, "sips:", 0, 5))) {
            return false;
        }
        String rest = uri.substring(colon + 1);
        String hostport = rest.substring(rest.lastIndexOf('@') + 1);
        int end = hostport.length();
        for (char stop : new char[] {';', '?'}) {
            int i = hostport.indexOf(stop);
            end = i >= 0 ? Math.min(end, i) : end;
        }
        hostport = hostport.substring(0, end);
        return !hostport.startsWith("[") && hostport.indexOf(':') != hostport.lastIndexOf(':');
    }

    /** The text up to the first empty line (the header section of the first message). */
    private static String headerSection(byte[] bytes) {
        int end = bytes.length;
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n' && i > 0) {
                end = i;
                break;
            }
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }
}
