package org.presencegw.sip.stack;

import gov.nist.core.Host;
import gov.nist.core.HostPort;
import gov.nist.core.LexerCore;
import gov.nist.core.NameValue;
import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.AddressParametersHeader;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.ContactList;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.Event;
import gov.nist.javax.sip.header.Expires;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.MaxForwards;
import gov.nist.javax.sip.header.ParametersHeader;
import gov.nist.javax.sip.header.Protocol;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import javax.sip.InvalidArgumentException;

/**
 * The RI's header objects for the plain forms of the ten headers every SUBSCRIBE, PUBLISH and REGISTER carries
 * ({@code Via}, {@code From}, {@code To}, {@code Contact}, {@code Call-ID}, {@code CSeq}, {@code Max-Forwards},
 * {@code Event}, {@code Expires}, {@code Content-Length}), made by the constructors and setters the RI's parsers
 * call, from the same substrings, without a lexer. The RI makes a lexer per header line and a token object per
 * word: alone and warm its parse of those ten lines of the bench's SUBSCRIBE costs about 8 µs, and with them made
 * here the whole message's parse takes 24 % less time and allocates 42 % less (bench/FINDINGS.md, "Session 28").
 *
 * <p>A line outside the plain form gives null and the RI parses it as before, so whatever the RI accepts, refuses or
 * repairs stays its decision: the forms here are strict subsets of what the RI's parsers accept, and
 * {@code SimpleHeadersTest} compares every object made here, field by field, with the RI's parse of the same line
 * ({@code DirectHeaderParsersTest}: whole messages). Long names only (compact forms go to the RI). Stateless.
 */
final class SimpleHeaders {

    private SimpleHeaders() {
    }

    /**
     * The header of {@code line} (a header line without its line end, {@code name} its lower-case name as
     * {@link StrictMessageParser#directName} found it, {@code colon} the index of its colon), or null when the name
     * is not one of the six or the value is not in its plain form.
     */
    static SIPHeader parse(String name, String line, int colon) {
        if (!plainName(line, colon)) {
            return null;
        }
        int from = valueStart(line, colon);
        int end = line.length();
        if (from == end) {
            return null;
        }
        try {
            return switch (name) {
                case "call-id" -> callId(line, from, end);
                case "cseq" -> cseq(line, from, end);
                case "max-forwards" -> maxForwards(number(line, from, end, 3));
                case "content-length" -> contentLength(number(line, from, end, 9));
                case "expires" -> expires(number(line, from, end, 9));
                case "event" -> event(line, from, end);
                case "from" -> address(new From(), line, from, end);
                case "to" -> address(new To(), line, from, end);
                case "contact" -> contact(line, from, end);
                case "via" -> via(line, from, end);
                default -> null;
            };
        } catch (InvalidArgumentException | ParseException | RuntimeException e) {
            return null; // the RI's parser gives its own answer
        }
    }

    /** The index of the value's first character: after the colon and the blanks after it (the RI's SPorHT). */
    static int valueStart(String line, int colon) {
        int from = colon + 1;
        while (from < line.length() && isBlank(line.charAt(from))) {
            from++;
        }
        return from;
    }

    /**
     * Whether the line starts with its name, printable ASCII, followed by nothing but blanks up to the colon: the
     * RI's parsers match the name from the line's first character, so a line that starts with a blank or a control
     * character ({@link StrictMessageParser#directName} finds the name past them) is refused by them, and must be.
     */
    private static boolean plainName(String line, int colon) {
        int i = 0;
        while (i < colon && line.charAt(i) > ' ' && line.charAt(i) < 0x7f) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < colon && isBlank(line.charAt(i))) {
            i++;
        }
        return i == colon;
    }

    /** {@code CallIDParser}: the rest of the line, trimmed; here only when it has no blank or control inside. */
    private static SIPHeader callId(String line, int from, int end) throws ParseException {
        for (int i = from; i < end; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return null;
            }
        }
        CallID id = new CallID();
        id.setCallId(line.substring(from, end));
        return id;
    }

    /**
     * The methods the RI's {@code Parser.method} takes as its own tokens. Any other word it takes only when its lexer
     * does not know it as a keyword: a header's compact name ({@code R}, {@code i}, ...) is refused there.
     */
    private static final Set<String> RI_METHODS = Set.of("INVITE", "ACK", "OPTIONS", "BYE", "REGISTER", "CANCEL",
            "SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE");

    /** {@code CSeqParser}: digits, blanks, one of {@link #RI_METHODS} (any case). */
    private static SIPHeader cseq(String line, int from, int end) throws InvalidArgumentException, ParseException {
        int digits = digits(line, from, end, 10);
        if (digits == from || digits == end || !isBlank(line.charAt(digits))) {
            return null;
        }
        int method = digits;
        while (method < end && isBlank(line.charAt(method))) {
            method++;
        }
        if (method == end || token(line, method, end) != end || !RI_METHODS.contains(
                line.substring(method, end).toUpperCase(Locale.ROOT))) {
            return null;
        }
        CSeq c = new CSeq();
        c.setSeqNumber(Long.parseLong(line, from, digits, 10));
        c.setMethod(SIPRequest.getCannonicalName(line.substring(method, end)).intern());
        return c;
    }

    /** {@code MaxForwardsParser}: digits ({@code value}, -1 when not plain). */
    private static SIPHeader maxForwards(int value) throws InvalidArgumentException {
        if (value < 0) {
            return null;
        }
        MaxForwards m = new MaxForwards();
        m.setMaxForwards(value);
        return m;
    }

    /** {@code ContentLengthParser}: digits ({@code value}, -1 when not plain). */
    private static SIPHeader contentLength(int value) throws InvalidArgumentException {
        if (value < 0) {
            return null;
        }
        ContentLength l = new ContentLength();
        l.setContentLength(value);
        return l;
    }

    /** {@code ExpiresParser}: digits ({@code value}, -1 when not plain). */
    private static SIPHeader expires(int value) throws InvalidArgumentException {
        if (value < 0) {
            return null;
        }
        Expires e = new Expires();
        e.setExpires(value);
        return e;
    }

    /** The value when it is 1 to {@code max} digits and nothing else, as the RI's {@code Integer.parseInt}; else -1. */
    private static int number(String line, int from, int end, int max) {
        return digits(line, from, end, max) == end ? Integer.parseInt(line, from, end, 10) : -1;
    }

    /** {@code EventParser}: a token, then {@code ;name=token} parameters without blanks or quotes. */
    private static SIPHeader event(String line, int from, int end) throws ParseException {
        int type = token(line, from, end);
        if (type == from) {
            return null;
        }
        Event event = new Event();
        event.setEventType(line.substring(from, type));
        if (!parameters(event, line, type, end)) {
            return null;
        }
        return event;
    }

    /**
     * {@code FromParser}, {@code ToParser} ({@code AddressParametersParser}): {@code <sip:user@host[:port]>} with
     * URI parameters inside the brackets, then header parameters ({@link #parameters}).
     */
    private static SIPHeader address(AddressParametersHeader header, String line, int from, int end)
            throws ParseException {
        int at = nameAddr(header, line, from, end);
        return at < 0 || !parameters(header, line, at, end) ? null : header;
    }

    /** {@code ContactParser}: one contact, as {@link #address}, in a list of one (never {@code *}). */
    private static SIPHeader contact(String line, int from, int end) throws ParseException {
        Contact contact = new Contact();
        int at = nameAddr(contact, line, from, end);
        if (at < 0 || !parameters(contact, line, at, end)) {
            return null;
        }
        ContactList list = new ContactList();
        list.add(contact);
        return list;
    }

    /**
     * {@code AddressParser.nameAddr} and {@code URLParser.sipURL} for {@code <sip:user@host[:port](;p[=v])*>}, user
     * and parameters of unreserved characters, host of letters, digits, dots and hyphens: sets the header's
     * address; the index after the {@code >}, or -1 when the line is not of that form.
     */
    private static int nameAddr(AddressParametersHeader header, String line, int from, int end) {
        if (!line.startsWith("<sip:", from)) {
            return -1;
        }
        int user = from + 5;
        int userEnd = unreserved(line, user, end);
        if (userEnd == user || userEnd == end || line.charAt(userEnd) != '@') {
            return -1;
        }
        SipUri uri = new SipUri();
        uri.setScheme("sip");
        uri.setUser(line.substring(user, userEnd));
        int at = hostPort(line, userEnd + 1, end, uri::setHostPort);
        while (at > 0 && at < end && line.charAt(at) == ';') {
            int name = at + 1;
            int nameEnd = unreserved(line, name, end);
            if (nameEnd == name || nameEnd == end) {
                return -1;
            }
            if (line.charAt(nameEnd) == '=') {
                int valueEnd = unreserved(line, nameEnd + 1, end);
                if (valueEnd == nameEnd + 1) {
                    return -1;
                }
                uri.setUriParameter(new NameValue(line.substring(name, nameEnd),
                        line.substring(nameEnd + 1, valueEnd), false));
                at = valueEnd;
            } else {
                uri.setUriParameter(new NameValue(line.substring(name, nameEnd), "", true));
                at = nameEnd;
            }
        }
        if (at < 0 || at == end || line.charAt(at) != '>') {
            return -1;
        }
        AddressImpl address = new AddressImpl();
        address.setAddressType(AddressImpl.NAME_ADDR);
        address.setURI(uri);
        header.setAddress(address);
        return at + 1;
    }

    /**
     * {@code ViaParser}: one {@code name/version/transport host[:port]}, then {@code ;name=token} or {@code ;name}
     * parameters as its own {@code nameValue} makes them.
     */
    private static SIPHeader via(String line, int from, int end) throws ParseException {
        int nameEnd = token(line, from, end);
        if (nameEnd == from || nameEnd == end || line.charAt(nameEnd) != '/') {
            return null;
        }
        int versionEnd = token(line, nameEnd + 1, end);
        if (versionEnd == nameEnd + 1 || versionEnd == end || line.charAt(versionEnd) != '/') {
            return null;
        }
        int transportEnd = token(line, versionEnd + 1, end);
        if (transportEnd == versionEnd + 1 || transportEnd == end || !isBlank(line.charAt(transportEnd))) {
            return null;
        }
        int host = transportEnd;
        while (host < end && isBlank(line.charAt(host))) {
            host++;
        }
        Via via = new Via();
        Protocol protocol = new Protocol();
        protocol.setProtocolName(line.substring(from, nameEnd));
        protocol.setProtocolVersion(line.substring(nameEnd + 1, versionEnd));
        protocol.setTransport(line.substring(versionEnd + 1, transportEnd));
        via.setSentProtocol(protocol);
        int at = hostPort(line, host, end, via::setSentBy);
        while (at > 0 && at < end) { // ViaParser.nameValue: the name lowered, a flag's value null
            if (line.charAt(at) != ';') {
                return null;
            }
            int param = at + 1;
            int paramEnd = token(line, param, end);
            if (paramEnd == param) {
                return null;
            }
            String value = null;
            at = paramEnd;
            if (paramEnd < end && line.charAt(paramEnd) == '=') {
                at = token(line, paramEnd + 1, end);
                if (at == paramEnd + 1) {
                    return null;
                }
                value = line.substring(paramEnd + 1, at);
            }
            String lowered = line.substring(param, paramEnd).toLowerCase(Locale.ROOT);
            if (value == null && lowered.equals(Via.BRANCH)) {
                return null; // the RI refuses a branch without a value ("null branch Id")
            }
            via.setParameter(new NameValue(lowered, value));
        }
        if (at < 0) {
            return null;
        }
        ViaList list = new ViaList();
        list.add(via);
        return list;
    }

    /**
     * {@code HostNameParser.hostPort}: a host of ASCII letters, digits, dots and hyphens (no IPv6 reference, so
     * never what the RI takes for an IPv6 address) and an optional port of 1 to 5 digits, given to {@code to}; the
     * index after it, or -1.
     */
    private static int hostPort(String line, int from, int end, java.util.function.Consumer<HostPort> to) {
        int i = from;
        while (i < end && (isAsciiAlphaDigit(line.charAt(i)) || line.charAt(i) == '.' || line.charAt(i) == '-')) {
            i++;
        }
        if (i == from) {
            return -1;
        }
        HostPort hostPort = new HostPort();
        hostPort.setHost(new Host(line.substring(from, i)));
        if (i < end && line.charAt(i) == ':') {
            int port = digits(line, i + 1, end, 5);
            if (port == i + 1) {
                return -1;
            }
            hostPort.setPort(Integer.parseInt(line, i + 1, port, 10));
            i = port;
        }
        to.accept(hostPort);
        return i;
    }

    /**
     * {@code ParametersParser.parse}: {@code ;name=token} or {@code ;name} up to the end of the line, without
     * blanks or quotes; false when the rest of the line is not of that form.
     */
    private static boolean parameters(ParametersHeader header, String line, int from, int end) {
        int at = from;
        while (at < end) {
            if (line.charAt(at) != ';') {
                return false;
            }
            int name = at + 1;
            int nameEnd = token(line, name, end);
            if (nameEnd == name) {
                return false;
            }
            if (nameEnd < end && line.charAt(nameEnd) == '=') {
                int valueEnd = token(line, nameEnd + 1, end);
                if (valueEnd == nameEnd + 1) {
                    return false;
                }
                header.setParameter(new NameValue(line.substring(name, nameEnd),
                        line.substring(nameEnd + 1, valueEnd), false));
                at = valueEnd;
            } else {
                header.setParameter(new NameValue(line.substring(name, nameEnd), "", true));
                at = nameEnd;
            }
        }
        return true;
    }

    /** The index after the characters from {@code from} that are RFC 3261's unreserved (alphanum and marks). */
    private static int unreserved(String line, int from, int end) {
        int i = from;
        while (i < end && (isAsciiAlphaDigit(line.charAt(i)) || "-_.!~*'()".indexOf(line.charAt(i)) >= 0)) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiAlphaDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** The index after the digits from {@code from}; past {@code max} digits, {@code from} (not plain). */
    private static int digits(String line, int from, int end, int max) {
        int i = from;
        while (i < end && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
            i++;
        }
        return i - from > max ? from : i;
    }

    /** The index after the token characters from {@code from}: the RI lexer's own test of a token character. */
    private static int token(String line, int from, int end) {
        int i = from;
        while (i < end && line.charAt(i) < 0x7f && LexerCore.isTokenChar(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
