package org.presencegw.sip.stack;

import gov.nist.javax.sip.header.SIPHeaderNamesCache;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.parser.AcceptParser;
import gov.nist.javax.sip.parser.AllowEventsParser;
import gov.nist.javax.sip.parser.AllowParser;
import gov.nist.javax.sip.parser.AuthorizationParser;
import gov.nist.javax.sip.parser.CSeqParser;
import gov.nist.javax.sip.parser.CallIDParser;
import gov.nist.javax.sip.parser.ContactParser;
import gov.nist.javax.sip.parser.ContentLengthParser;
import gov.nist.javax.sip.parser.ContentTypeParser;
import gov.nist.javax.sip.parser.EventParser;
import gov.nist.javax.sip.parser.ExpiresParser;
import gov.nist.javax.sip.parser.FromParser;
import gov.nist.javax.sip.parser.HeaderParser;
import gov.nist.javax.sip.parser.MaxForwardsParser;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.RecordRouteParser;
import gov.nist.javax.sip.parser.RouteParser;
import gov.nist.javax.sip.parser.SIPIfMatchParser;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.parser.SupportedParser;
import gov.nist.javax.sip.parser.ToParser;
import gov.nist.javax.sip.parser.UserAgentParser;
import gov.nist.javax.sip.parser.ViaParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p><b>A bound on the RI's header name cache.</b> {@code SIPHeaderNamesCache} keeps the lower-case form of every
 * header name any message ever carried, interned, in a static map that is never emptied. Every new name a peer
 * sends ({@code X-1: a}, {@code X-2: a}, ...) stayed for the life of the process: about 150 bytes each, some
 * 120 KiB per 8 KiB datagram, so a few thousand datagrams filled the heap. The map is emptied when it holds more
 * than {@value #HEADER_NAMES_KEPT} names after a message ({@link #boundHeaderNames}); the RI fills it again on
 * demand with the same interned strings ({@code HeaderNameFloodIT}).
 *
 * <p><b>The parsers of common headers made directly.</b> The RI makes each header's parser by reflection
 * ({@code Constructor.newInstance}, 1.3 % of a profiled 10,000 SUBSCRIBE/s step); the headers of SUBSCRIBE,
 * PUBLISH and REGISTER get theirs with {@code new}, the same classes the RI's table names ({@link #directParser}).
 * Any other header, and any header whose parse fails, goes through the RI's own {@code processHeader}, so errors
 * are reported exactly as before ({@code DirectHeaderParsersTest}). Ten of them in their plain form (Via, From, To,
 * Contact, Call-ID, CSeq, Max-Forwards, Content-Length, Expires, Event) need no parser at all: {@link SimpleHeaders}
 * makes the RI's objects from the line, and leaves any other form to the parser.
 */
public final class StrictMessageParser extends StringMsgParser {

    private static final Logger LOG = LoggerFactory.getLogger(StrictMessageParser.class);
    /** Header names the RI's cache may hold after a message; the standard ones are about 100. */
    public static final int HEADER_NAMES_KEPT = 1024;
    /** {@code SIPHeaderNamesCache.lowercaseMap}; null if this RI has no such field (then nothing is bounded). */
    private static final Map<?, ?> HEADER_NAMES = headerNameCache();

    private final boolean direct;

    public StrictMessageParser() {
        this(true);
    }

    /**
     * @param direct whether common headers get their parsers without reflection, or no parser in their plain form
     *     (false: the RI's way, for tests)
     */
    StrictMessageParser(boolean direct) {
        this.direct = direct;
    }

    /** Set as {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}. */
    public static final class Factory implements MessageParserFactory {
        @Override
        public MessageParser createMessageParser(SIPTransactionStack stack) {
            return new StrictMessageParser();
        }
    }

    /** The headers the checks look at: bit {@code i} of the seen set is {@code NAMES[i]}. */
    private static final String[] NAMES = {"via", "from", "to", "call-id", "cseq", "max-forwards",
        "content-length"};
    /** Compact forms (RFC 3261 7.3.3), each counted as its long name. */
    private static final String[] COMPACT = {"v", "f", "t", "i", null, null, "l"};
    private static final int MANDATORY = 0b11111;
    /** Single-valued: all but Via. */
    private static final int SINGLE = 0b1111110;

    @Override
    public SIPMessage parseSIPMessage(byte[] msgBuffer, boolean readBody, boolean strict,
                                      ParseExceptionListener exhandler) throws ParseException {
        String version = msgBuffer == null ? null : check(msgBuffer, headerEnd(msgBuffer));
        SIPMessage message;
        try {
            message = super.parseSIPMessage(msgBuffer, readBody, strict, exhandler);
        } catch (RuntimeException e) {
            // The RI's transports expect ParseException only; anything else would end the channel's thread.
            throw new ParseException("unparsable message: " + e, 0);
        } finally {
            boundHeaderNames();
        }
        if (version != null && message instanceof SIPRequest request && request.getRequestLine() != null) {
            request.getRequestLine().setSipVersion(version);
        }
        return message;
    }

    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] raw)
            throws ParseException {
        int colon = direct && header != null ? header.indexOf(':') : -1;
        String name = colon < 1 ? null : directName(header, colon);
        if (name == null) {
            super.processHeader(header, message, listener, raw);
            return;
        }
        SIPHeader simple = SimpleHeaders.parse(name, header, colon);
        if (simple != null) {
            message.attachHeader(simple, false);
            ArrivedHeaders.keep(message, simple, header, colon);
            return;
        }
        HeaderParser parser = directParser(name, header);
        if (parser == null) {
            super.processHeader(header, message, listener, raw);
            return;
        }
        try {
            message.attachHeader(parser.parse(), false);
        } catch (ParseException e) {
            // Rare: the RI parses it again and reports it its own way (to the listener, or not at all).
            super.processHeader(header, message, listener, raw);
        }
    }

    /**
     * The parser the RI's {@code ParserFactory} would make for this header line (name before the first colon,
     * blanks around it ignored, any case, compact forms), made without reflection; null for the headers left to the
     * RI. The classes are those of the RI's table, checked by {@code DirectHeaderParsersTest}.
     */
    static HeaderParser directParser(String header) {
        int colon = header.indexOf(':');
        if (colon < 1) {
            return null;
        }
        String name = directName(header, colon);
        return name == null ? null : directParser(name, header);
    }

    /** {@link #directParser(String)} for a line whose name {@link #directName} found. */
    private static HeaderParser directParser(String name, String header) {
        String line = header.concat("\n"); // not "+", which goes through a method handle
        return switch (name) {
            case "via", "v" -> new ViaParser(line);
            case "from", "f" -> new FromParser(line);
            case "to", "t" -> new ToParser(line);
            case "call-id", "i" -> new CallIDParser(line);
            case "cseq" -> new CSeqParser(line);
            case "max-forwards" -> new MaxForwardsParser(line);
            case "contact", "m" -> new ContactParser(line);
            case "event", "o" -> new EventParser(line);
            case "expires" -> new ExpiresParser(line);
            case "accept" -> new AcceptParser(line);
            case "content-length", "l" -> new ContentLengthParser(line);
            case "content-type", "c" -> new ContentTypeParser(line);
            case "user-agent" -> new UserAgentParser(line);
            case "supported", "k" -> new SupportedParser(line);
            case "allow" -> new AllowParser(line);
            case "allow-events", "u" -> new AllowEventsParser(line);
            case "route" -> new RouteParser(line);
            case "record-route" -> new RecordRouteParser(line);
            case "sip-if-match" -> new SIPIfMatchParser(line);
            case "authorization" -> new AuthorizationParser(line);
            default -> null;
        };
    }

    /** The names {@link #directParser} makes parsers for, lower case. */
    private static final String[] DIRECT_NAMES = {"via", "v", "from", "f", "to", "t", "call-id", "i", "cseq",
        "max-forwards", "contact", "m", "event", "o", "expires", "accept", "content-length", "l", "content-type", "c",
        "user-agent", "supported", "k", "allow", "allow-events", "u", "route", "record-route", "sip-if-match",
        "authorization"};

    /**
     * The header's name, {@code header[0, colon)} without the blanks around it, in lower case, when it is one of
     * {@link #DIRECT_NAMES}; else null. As {@code substring(0, colon).trim().toLowerCase(Locale.ROOT)} would find
     * it, without making those three strings for every header line: an ASCII name is compared ignoring ASCII case,
     * and a name with any other character is lowered as before (the RI's lowering maps some, such as the Kelvin
     * sign, to ASCII letters).
     */
    static String directName(String header, int colon) {
        int from = 0;
        int to = colon;
        while (from < to && header.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && header.charAt(to - 1) <= ' ') {
            to--;
        }
        for (int i = from; i < to; i++) {
            if (header.charAt(i) >= 0x80) {
                String lowered = header.substring(from, to).toLowerCase(Locale.ROOT);
                for (String name : DIRECT_NAMES) {
                    if (name.equals(lowered)) {
                        return name;
                    }
                }
                return null;
            }
        }
        int length = to - from;
        for (String name : DIRECT_NAMES) {
            if (name.length() == length && asciiEqualsIgnoreCase(header, from, name)) {
                return name;
            }
        }
        return null;
    }

    /** {@code s[from, from + lower.length())} is {@code lower} (lower-case ASCII), ignoring ASCII case. */
    private static boolean asciiEqualsIgnoreCase(String s, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = s.charAt(from + i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Empties the RI's header name cache when it holds more than {@value #HEADER_NAMES_KEPT} names. */
    static void boundHeaderNames() {
        Map<?, ?> names = HEADER_NAMES;
        if (names != null && names.size() > HEADER_NAMES_KEPT) {
            names.clear();
        }
    }

    /** Names in the RI's header name cache now; -1 when it could not be found (for tests and diagnostics). */
    public static int headerNamesCached() {
        return HEADER_NAMES == null ? -1 : HEADER_NAMES.size();
    }

    private static Map<?, ?> headerNameCache() {
        try {
            Field f = SIPHeaderNamesCache.class.getDeclaredField("lowercaseMap");
            f.setAccessible(true);
            return (Map<?, ?>) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JAIN-SIP's header name cache not found, so not bounded: {}", e.toString());
            return null;
        }
    }

    /**
     * Throws for a repeated single-valued header or a request without a mandatory one; returns the request line's
     * version when it is not SIP/2.0, else null. Reads {@code bytes[0, end)} as ISO-8859-1 lines (LF, or CRLF),
     * without copying the header lines: it runs on every message a transport reads.
     */
    static String check(byte[] bytes, int end) throws ParseException {
        int pos = 0;
        int lineEnd;
        // Leading empty lines.
        while (true) {
            if (pos >= end) {
                return null;
            }
            lineEnd = lineEnd(bytes, pos, end);
            if (contentEnd(bytes, pos, lineEnd) > pos) {
                break;
            }
            pos = lineEnd + 1;
        }
        String start = new String(bytes, pos, contentEnd(bytes, pos, lineEnd) - pos, StandardCharsets.ISO_8859_1)
                .trim();
        String version = null;
        boolean request = !start.regionMatches(true, 0, "SIP/", 0, 4);
        if (request) {
            int space = start.lastIndexOf(' ');
            String v = space < 0 ? "" : start.substring(space + 1);
            if (v.regionMatches(true, 0, "SIP/", 0, 4) && !v.equalsIgnoreCase("SIP/2.0")) {
                version = v;
            }
            String uri = middleOfThree(start);
            if (uri != null && unbracketedIpv6(uri)) {
                throw new ParseException("IPv6 address without [] in the Request-URI", 0);
            }
        }
        int seen = 0;
        for (pos = lineEnd + 1; pos < end; pos = lineEnd + 1) {
            lineEnd = lineEnd(bytes, pos, end);
            int contentEnd = contentEnd(bytes, pos, lineEnd);
            if (contentEnd == pos || bytes[pos] == ' ' || bytes[pos] == '\t') {
                continue;
            }
            int colon = pos;
            while (colon < contentEnd && bytes[colon] != ':') {
                colon++;
            }
            if (colon == contentEnd || colon == pos) {
                continue;
            }
            int header = header(bytes, pos, colon);
            if (header < 0) {
                continue;
            }
            int bit = 1 << header;
            if ((SINGLE & bit) != 0 && (seen & bit) != 0) {
                throw new ParseException("repeated single-valued header " + NAMES[header], 0);
            }
            seen |= bit;
        }
        if (request && (seen & MANDATORY) != MANDATORY) {
            throw new ParseException("request without Via, From, To, Call-ID or CSeq", 0);
        }
        return version;
    }

    /**
     * The second of exactly three fields separated by runs of spaces (a request line's Request-URI), or null when
     * {@code line} (trimmed: no blank at either end) has another number of fields: what {@code split(" +")} finds,
     * without a regular expression (it runs on every request).
     */
    static String middleOfThree(String line) {
        int firstEnd = line.indexOf(' ');
        if (firstEnd < 0) {
            return null;
        }
        int from = firstEnd;
        while (from < line.length() && line.charAt(from) == ' ') {
            from++;
        }
        int to = line.indexOf(' ', from);
        if (to < 0) {
            return null;
        }
        int last = to;
        while (last < line.length() && line.charAt(last) == ' ') {
            last++;
        }
        return last == line.length() || line.indexOf(' ', last) >= 0 ? null : line.substring(from, to);
    }

    /** Which of {@link #NAMES} the name in {@code bytes[from, colon)} is (blanks around it ignored), or -1. */
    private static int header(byte[] bytes, int from, int colon) {
        int a = from;
        int b = colon;
        while (a < b && (bytes[a] & 0xff) <= ' ') {
            a++;
        }
        while (b > a && (bytes[b - 1] & 0xff) <= ' ') {
            b--;
        }
        for (int i = 0; i < NAMES.length; i++) {
            if (named(bytes, a, b, NAMES[i]) || (COMPACT[i] != null && named(bytes, a, b, COMPACT[i]))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code bytes[from, to)} is {@code name} (lower-case ASCII), ignoring ASCII case. */
    private static boolean named(byte[] bytes, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            int c = bytes[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the LF ending the line that starts at {@code from}, or {@code end}. */
    private static int lineEnd(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The line's end without the CR before its LF. */
    private static int contentEnd(byte[] bytes, int from, int lineEnd) {
        return lineEnd > from && bytes[lineEnd - 1] == '\r' && lineEnd < bytes.length && bytes[lineEnd] == '\n'
                ? lineEnd - 1 : lineEnd;
    }

    /** RFC 3261 25.1 / RFC 5118 4.2: an IPv6 host in a SIP URI must be an IPv6reference ({@code [...]}). */
    static boolean unbracketedIpv6(String uri) {
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

    /** The end of the header section of the first message: its first empty line (CRLFCRLF), or the buffer's end. */
    private static int headerEnd(byte[] bytes) {
        for (int i = 1; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
