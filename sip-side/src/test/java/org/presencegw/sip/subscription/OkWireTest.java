package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.stack.ArrivedHeaders;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.StackContext;
import org.presencegw.sip.stack.StrictMessageParser;

/**
 * {@link OkWire} against the RI: for a SUBSCRIBE over UDP, the 200 it writes, parsed by the RI's parser, is the
 * response {@link OkResponses#build} builds with the RI (then encoded as {@code ServerExchange} encodes it), header
 * by header and no header more or less; what it cannot write the same (Record-Route, Timestamp) it leaves to the RI.
 */
class OkWireTest {

    private static final String TAG = "7f3a9c01b2d4e5f6";

    /** One SUBSCRIBE and how it is answered; {@code local} is the local address, {@code advertise} the advertised. */
    private record Case(String request, long expires, boolean list, String local, Optional<Advertised> advertise) {
    }

    private static String subscribe(String... headerLines) {
        StringBuilder sb = new StringBuilder("SUBSCRIBE sip:bob@jabber.example.com SIP/2.0\r\n");
        for (String line : headerLines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static final String VIA = "Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK-1;rport";
    private static final String FROM = "From: <sip:alice@watchers.example.com>;tag=a1";
    private static final String TO = "To: <sip:bob@jabber.example.com>";
    private static final String CALL_ID = "Call-ID: c1@192.0.2.7";
    private static final String CSEQ = "CSeq: 1 SUBSCRIBE";
    private static final String REST = "Max-Forwards: 70\r\nContact: <sip:alice@192.0.2.7:5062>\r\nEvent: presence\r\n"
            + "Accept: application/pidf+xml\r\nExpires: 3600";

    private static Arguments arguments(String name, Case c) {
        return Arguments.of(name, c);
    }

    private static Arguments simple(String name, String request) {
        return arguments(name, new Case(request, 3600, false, "127.0.0.1", Optional.empty()));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        all.add(simple("a sipp-like SUBSCRIBE", subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST)));
        all.add(simple("two Vias", subscribe(VIA, "Via: SIP/2.0/UDP 198.51.100.1;branch=z9hG4bK-0;received=10.0.0.1",
                FROM, TO, CALL_ID, CSEQ, REST)));
        all.add(simple("two Vias on one line", subscribe(
                "Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK-1, SIP/2.0/UDP 198.51.100.1;branch=z9hG4bK-0",
                FROM, TO, CALL_ID, CSEQ, REST)));
        all.add(simple("Via with IPv6 sent-by and maddr-free params", subscribe(
                "Via: SIP/2.0/UDP [2001:db8::7]:5062;branch=z9hG4bKAbC;rport;ttl=3", FROM, TO, CALL_ID, CSEQ, REST)));
        all.add(simple("display names, one quoted and non-ASCII", subscribe(VIA,
                "From: \"Jürgen \\\"J\\\" Groß\" <sip:j%C3%BCrgen@watchers.example.com>;tag=x;foo=bar",
                "To: Bob <sip:bob@jabber.example.com;user=phone>;p=1", CALL_ID, CSEQ, REST)));
        all.add(simple("refresh: the To tag is ours already", subscribe(VIA, FROM,
                "To: <sip:bob@jabber.example.com>;tag=" + TAG, CALL_ID, "CSeq: 2 SUBSCRIBE", REST)));
        all.add(simple("compact forms", subscribe("v: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK-2",
                "f: <sip:alice@watchers.example.com>;tag=a2", "t: sip:bob@jabber.example.com", "i: compact-1",
                CSEQ, "o: presence", "m: <sip:alice@192.0.2.7:5062>", "Max-Forwards: 70")));
        all.add(simple("addr-spec From and To", subscribe(VIA, "From: sip:alice@watchers.example.com;tag=a3",
                "To: sip:bob@jabber.example.com", CALL_ID, CSEQ, REST)));
        all.add(simple("Call-ID with punctuation", subscribe(VIA, FROM, TO,
                "Call-ID: a.b-c_d!e%f*g+h`i'j~k(l)m<n>o:p\\q\"r/s[t]u?v{w}x", CSEQ, REST)));
        all.add(simple("largest CSeq", subscribe(VIA, FROM, TO, CALL_ID, "CSeq: 2147483647 SUBSCRIBE", REST)));
        all.add(simple("folded header line", subscribe(VIA, "From: <sip:alice@watchers.example.com>\r\n ;tag=a4",
                TO, CALL_ID, CSEQ, REST)));
        all.add(simple("headers the 200 does not copy", subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST,
                "Supported: eventlist", "User-Agent: desk phone 1.0", "Allow-Events: presence, dialog")));
        String plain = subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST);
        all.add(arguments("unsubscribe: Expires 0", new Case(plain, 0, false, "127.0.0.1", Optional.empty())));
        all.add(arguments("expiry beyond an int", new Case(plain, 1L << 40, false, "127.0.0.1", Optional.empty())));
        all.add(arguments("a list: Require eventlist", new Case(plain, 600, true, "127.0.0.1", Optional.empty())));
        all.add(arguments("IPv6 local address", new Case(plain, 3600, false, "::1", Optional.empty())));
        all.add(arguments("advertised address", new Case(plain, 3600, false, "127.0.0.1",
                Optional.of(new Advertised("sip.example.com", OptionalInt.of(5070))))));
        all.add(arguments("advertised IPv6 address, no port", new Case(plain, 3600, false, "127.0.0.1",
                Optional.of(new Advertised("2001:db8::5", OptionalInt.empty())))));
        return all.stream();
    }

    /** The request as the RI hands it over after a UDP receive: its top Via has received and rport. */
    private static SIPRequest received(String text) throws ParseException {
        return received(text, new StringMsgParser());
    }

    /**
     * As {@link #received(String)}, parsed by {@code parser}: the gateway's ({@link StrictMessageParser}) keeps the
     * plain From, To and Call-ID as they arrived ({@link ArrivedHeaders}), and the 200 copies those.
     */
    private static SIPRequest received(String text, StringMsgParser parser) throws ParseException {
        SIPRequest r = (SIPRequest) parser.parseSIPMessage(text.getBytes(StandardCharsets.UTF_8), true, false, null);
        ViaHeader top = (ViaHeader) r.getHeader(ViaHeader.NAME);
        top.setReceived("203.0.113.9");
        try {
            top.setRPort();
            ((gov.nist.javax.sip.header.Via) top).setParameter("rport", "40123");
        } catch (javax.sip.InvalidArgumentException e) {
            throw new AssertionError(e);
        }
        return r;
    }

    private static SIPResponse parse(byte[] bytes) throws ParseException {
        return (SIPResponse) new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameResponseAsTheRi(String name, Case c) throws Exception {
        sameResponseAsTheRi(name, c, new StringMsgParser());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameResponseAsTheRi_requestParsedByTheGateway(String name, Case c) throws Exception {
        sameResponseAsTheRi(name, c, new StrictMessageParser());
    }

    private static void sameResponseAsTheRi(String name, Case c, StringMsgParser parser) throws Exception {
        StackContext ctx = NotifyWireTest.stack(c.local(), c.advertise()); // the same endpoints as there
        SIPRequest request = received(c.request(), parser);
        Flow flow = new Flow("203.0.113.9", 40123, "udp", c.local());
        Response built = OkResponses.build(ctx, request, ctx.contact(flow, false), TAG, c.expires(), c.list());
        SIPResponse ri = parse(built.toString().getBytes(StandardCharsets.UTF_8)); // as ServerExchange encodes it
        byte[] bytes = OkWire.write(request, TAG, c.expires(), HostLiterals.forUri(ctx.endpoints().sentByHost(flow)),
                ctx.endpoints().sentByPort(flow), c.list());
        assertNotNull(bytes, name);
        String text = new String(bytes, StandardCharsets.UTF_8);
        SIPResponse ours = parse(bytes);

        assertEquals(200, ours.getStatusCode(), text);
        assertEquals(ri.getReasonPhrase(), ours.getReasonPhrase(), text);
        assertEquals(headers(ri).keySet(), headers(ours).keySet(), "the same headers: " + text);
        headers(ri).forEach((header, values) ->
                assertEquals(values, headers(ours).get(header), header + " in: " + text));
        assertEquals(TAG, ((ToHeader) ours.getHeader(ToHeader.NAME)).getTag(), text);
        assertEquals(Math.min(Integer.MAX_VALUE, c.expires()), ours.getExpires().getExpires(), text);
        assertEquals("203.0.113.9", ((ViaHeader) ours.getHeader(ViaHeader.NAME)).getReceived(), text);
        assertEquals(40123, ((ViaHeader) ours.getHeader(ViaHeader.NAME)).getRPort(), text);
        assertTrue(text.endsWith("Content-Length: 0\r\n\r\n"), text);
        assertEquals(built.toString(), text, "byte for byte the RI's encoding");
    }

    /** Header name (lower case) to its values, each as the RI's header object (compared with its equals). */
    private static Map<String, List<Header>> headers(SIPResponse r) {
        Map<String, List<Header>> all = new TreeMap<>();
        for (Iterator<?> names = r.getHeaderNames(); names.hasNext(); ) {
            String name = (String) names.next();
            for (Iterator<?> values = r.getHeaders(name); values.hasNext(); ) {
                all.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add((Header) values.next());
            }
        }
        return all;
    }

    @Test
    void recordRouteOrTimestamp_null_theRiCopiesThem() throws Exception {
        assertNull(OkWire.write(received(subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST,
                "Record-Route: <sip:proxy.example.com;lr>")), TAG, 3600, "127.0.0.1", 5060, false));
        assertNull(OkWire.write(received(subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST, "Timestamp: 54")),
                TAG, 3600, "127.0.0.1", 5060, false));
    }

    @Test
    void wireForm_theRisOrder_ourHeadersLast() throws Exception {
        String text = new String(OkWire.write(received(subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST)), TAG, 600,
                "127.0.0.1", 5060, true), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("SIP/2.0 200 OK\r\nCSeq: 1 SUBSCRIBE\r\nCall-ID: c1@192.0.2.7\r\n"
                + "From: <sip:alice@watchers.example.com>;tag=a1\r\nTo: <sip:bob@jabber.example.com>;tag=" + TAG
                + "\r\nVia: SIP/2.0/UDP 192.0.2.7:5062;"), text);
        assertTrue(text.endsWith("\r\nExpires: 600\r\nContact: <sip:127.0.0.1:5060;transport=udp>\r\n"
                + "Require: eventlist\r\nContent-Length: 0\r\n\r\n"), text);
    }

    @Test
    void gatewaysParse_plainFromToCallId_copiedAsTheyArrived() throws Exception {
        // A header name in another case, blanks after the colon, a parameter given twice (the RI's parse keeps one)
        // and a host in capitals: the copy is the value as it came, under the header's own name.
        SIPRequest request = received(subscribe(VIA, "FROM:   <sip:alice@Watchers.Example.COM;lr>;tag=a1;x=1;x=2",
                "to:\t<sip:bob@jabber.example.com>;p=q", "call-ID: c1@192.0.2.7", CSEQ, REST),
                new StrictMessageParser());
        String text = new String(OkWire.write(request, TAG, 600, "127.0.0.1", 5060, false), StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\nCall-ID: c1@192.0.2.7\r\n"
                + "From: <sip:alice@Watchers.Example.COM;lr>;tag=a1;x=1;x=2\r\n"
                + "To: <sip:bob@jabber.example.com>;p=q;tag=" + TAG + "\r\n"), text);
        SIPResponse ours = parse(text.getBytes(StandardCharsets.UTF_8));
        assertEquals("a1", ours.getFrom().getTag(), text);
        assertEquals(TAG, ours.getTo().getTag(), text);
    }

    @Test
    void headerSetOnTheRequestLater_encodedByTheRi() throws Exception {
        SIPRequest request = received(subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST), new StrictMessageParser());
        StringBuilder kept = new StringBuilder();
        assertTrue(ArrivedHeaders.appendFrom(request, kept));
        assertEquals("From: <sip:alice@watchers.example.com>;tag=a1", kept.toString());
        gov.nist.javax.sip.header.From replaced = (gov.nist.javax.sip.header.From) request.getFrom().clone();
        replaced.setTag("other");
        request.setHeader(replaced);
        assertFalse(ArrivedHeaders.appendFrom(request, new StringBuilder()), "not the header it was kept for");
        String text = new String(OkWire.write(request, TAG, 600, "127.0.0.1", 5060, false), StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\nFrom: <sip:alice@watchers.example.com>;tag=other\r\n"), text);
        assertTrue(text.contains("\r\nCall-ID: c1@192.0.2.7\r\n"), text);
    }

    @Test
    void notPlainOrOtherParser_nothingKept() throws Exception {
        SIPRequest ri = received(subscribe(VIA, FROM, TO, CALL_ID, CSEQ, REST));
        assertFalse(ArrivedHeaders.appendTo(ri, new StringBuilder()), "the RI's parser keeps nothing");
        SIPRequest compact = received(subscribe(VIA, "f: <sip:alice@watchers.example.com>;tag=a2",
                "To: \"Bob\" <sip:bob@jabber.example.com>", CALL_ID, CSEQ, REST), new StrictMessageParser());
        assertFalse(ArrivedHeaders.appendFrom(compact, new StringBuilder()), "a compact name goes to the RI");
        assertFalse(ArrivedHeaders.appendTo(compact, new StringBuilder()), "a display name is not the plain form");
        assertTrue(ArrivedHeaders.appendCallId(compact, new StringBuilder()));
    }
}
