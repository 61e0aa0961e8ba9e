package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.Parameters;
import javax.sip.header.RequireHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.presencegw.sip.api.Advertised;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.TerminationReason;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.LocalEndpoints;
import org.presencegw.sip.stack.StackContext;

/**
 * {@link NotifyWire} against the RI (decision 0011): for a UDP dialog without route set, the bytes it writes, parsed
 * by the RI's parser, are the request {@link NotifyFactory#build} builds with the RI's factories, header by header
 * (and no header more or less); values with control characters are refused (null), others are written as UTF-8.
 */
class NotifyWireTest {

    private static final Instant NOW = Instant.parse("2026-12-10T09:00:00.250Z");
    private static final String BRANCH = UdpNotifyClient.BRANCH_PREFIX + "0123456789abcdef";
    private static final String PIDF = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:bob@example.com\">\n"
            + "<tuple id=\"t1\"><status><basic>open</basic></status><note>Grüße, 東京</note></tuple>\n"
            + "</presence>\n";
    private static final String MULTIPART_TYPE =
            "multipart/related;type=\"application/rlmi+xml\";start=\"<x@y>\";boundary=\"b1\"";
    private static final String MULTIPART = "--b1\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <x@y>\r\n"
            + "Content-Type: application/rlmi+xml;charset=\"UTF-8\"\r\n\r\n"
            + "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
            + "<list xmlns=\"urn:ietf:params:xml:ns:rlmi\" uri=\"sip:friends@example.com\" version=\"0\""
            + " fullState=\"true\"/>\r\n--b1--\r\n";

    /** One NOTIFY to build both ways; {@code local} is the local address, {@code advertise} the advertised one. */
    private record Case(DialogRecord dialog, String event, SubscriptionAction.SendNotify message,
                        Optional<NotifyBody> body, String local, Optional<Advertised> advertise) {
    }

    private static DialogRecord dialog(String callId, String remoteTarget, String remoteUri, String localUri,
                                       long cseq, String local, Optional<String> eventId) {
        return new DialogRecord(callId, "ours-1a2b", "theirs.9z", localUri, remoteUri, cseq, 7, List.of(),
                remoteTarget, new Flow(local.indexOf(':') >= 0 ? "::2" : "10.0.0.1", 5070, "udp", local), eventId);
    }

    private static DialogRecord dialog(String callId, long cseq, Optional<String> eventId) {
        return dialog(callId, "sip:alice@10.0.0.1:5070", "sip:alice@sip.example", "sip:bob@example.com", cseq,
                "127.0.0.1", eventId);
    }

    private static SubscriptionAction.SendNotify notify(SubscriptionState state, long expiresInMillis,
                                                        Optional<TerminationReason> reason) {
        return new SubscriptionAction.SendNotify(state, NOW.plusMillis(expiresInMillis), reason,
                PresenceState.UNKNOWN);
    }

    private static Optional<NotifyBody> body(String type, String text) {
        return Optional.of(new NotifyBody(type, text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Arguments arguments(String name, Case c) {
        return Arguments.of(name, c);
    }

    private static Arguments simple(String name, DialogRecord d, SubscriptionAction.SendNotify n,
                                    Optional<NotifyBody> body) {
        return arguments(name, new Case(d, "presence", n, body, "127.0.0.1", Optional.empty()));
    }

    static Stream<Arguments> cases() {
        SubscriptionAction.SendNotify active = notify(SubscriptionState.ACTIVE, 3_600_000, Optional.empty());
        List<Arguments> all = new ArrayList<>();
        all.add(simple("active, no body, no id", dialog("c1@10.0.0.1", 1, Optional.empty()), active,
                Optional.empty()));
        all.add(simple("active, id, pidf", dialog("c2", 2, Optional.of("abc.12")), active,
                body("application/pidf+xml", PIDF)));
        all.add(simple("pending, expires rounded up", dialog("c3", 3, Optional.empty()),
                notify(SubscriptionState.PENDING, 1_234_001, Optional.empty()), body("application/pidf+xml", PIDF)));
        all.add(simple("active, expires exact second", dialog("c4", 4, Optional.empty()),
                notify(SubscriptionState.ACTIVE, 60_000, Optional.empty()), Optional.empty()));
        all.add(simple("active, expired already: 0", dialog("c5", 5, Optional.empty()),
                notify(SubscriptionState.ACTIVE, -5_000, Optional.empty()), Optional.empty()));
        all.add(simple("active, 1 ms left: 1", dialog("c6", 6, Optional.empty()),
                notify(SubscriptionState.ACTIVE, 1, Optional.empty()), Optional.empty()));
        all.add(simple("terminated without reason", dialog("c7", 7, Optional.of("7")),
                notify(SubscriptionState.TERMINATED, 0, Optional.empty()), Optional.empty()));
        for (TerminationReason r : TerminationReason.values()) {
            all.add(simple("terminated " + r.wire(), dialog("c8-" + r.wire(), 8, Optional.empty()),
                    notify(SubscriptionState.TERMINATED, 3_600_000, Optional.of(r)),
                    body("application/pidf+xml", PIDF)));
        }
        all.add(simple("resource list: Require eventlist", dialog("c9", 9, Optional.of("list")), active,
                body(MULTIPART_TYPE, MULTIPART)));
        all.add(simple("type with parameter, not multipart", dialog("c10", 10, Optional.empty()), active,
                body("application/pidf+xml;charset=UTF-8", PIDF)));
        all.add(arguments("dialog package", new Case(dialog("c11", 11, Optional.of("d1")), "dialog", active,
                body("application/dialog-info+xml", "<dialog-info/>"), "127.0.0.1", Optional.empty())));
        all.add(arguments("winfo package", new Case(dialog("c12", 12, Optional.empty()), "presence.winfo", active,
                body("application/watcherinfo+xml", "<watcherinfo/>"), "127.0.0.1", Optional.empty())));
        all.add(arguments("IPv6 local address", new Case(dialog("c13", "sip:alice@[2001:db8::2]:5070",
                "sip:alice@sip.example", "sip:bob@example.com", 13, "::1", Optional.empty()), "presence", active,
                body("application/pidf+xml", PIDF), "::1", Optional.empty())));
        all.add(arguments("advertised host and port", new Case(dialog("c14", 14, Optional.empty()), "presence",
                active, Optional.empty(), "127.0.0.1",
                Optional.of(new Advertised("sip.example.net", OptionalInt.of(5080))))));
        all.add(arguments("advertised IPv6 literal", new Case(dialog("c15", 15, Optional.empty()), "presence",
                active, Optional.empty(), "127.0.0.1",
                Optional.of(new Advertised("2001:db8::5", OptionalInt.empty())))));
        all.add(simple("URIs with parameters", dialog("c16@host.example", "sip:alice@10.0.0.1:5070;transport=udp;ob",
                "sip:alice@sip.example;user=phone", "sip:bob@example.com;foo=bar", 16, "127.0.0.1",
                Optional.of("x")), active, Optional.empty()));
        all.add(simple("tel and escaped user", dialog("c17", "sip:%61lice+1@10.0.0.1:5070", "tel:+15551234567",
                "sip:bob.smith-1@example.com", 17, "127.0.0.1", Optional.empty()), active, Optional.empty()));
        all.add(simple("non-ASCII user parts", dialog("c18", "sip:jürgen@10.0.0.1:5070",
                "sip:jürgen@sip.example", "sip:zoë@example.com", 18, "127.0.0.1", Optional.empty()), active,
                body("application/pidf+xml", PIDF)));
        all.add(simple("largest CSeq RFC 3261 8.1.1.5 allows", dialog("c19", (1L << 31) - 1, Optional.empty()),
                active, Optional.empty()));
        all.add(simple("CSeq 0", dialog("c20", 0, Optional.empty()), active, Optional.empty()));
        all.add(simple("Call-ID with punctuation", dialog("a.b-c_d!e%f*g+h`i'j~k(l)m<n>o:p\\q\"r/s[t]u?v{w}x",
                1, Optional.empty()), active, Optional.empty()));
        return all.stream();
    }

    /** A stack context with one local address (no providers), for building messages; also {@code OkWireTest}'s. */
    static StackContext stack(String local, Optional<Advertised> advertise) throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        Map<String, SipProvider> byAddress = new LinkedHashMap<>();
        byAddress.put(local, null);
        return new StackContext(new LocalEndpoints(byAddress, Map.of(Transport.UDP, 5060), advertise),
                f.createMessageFactory(), f.createHeaderFactory(), f.createAddressFactory());
    }

    private static Request parse(byte[] bytes) throws ParseException {
        return (Request) new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    }

    private static byte[] write(Case c, LocalEndpoints endpoints) {
        Flow flow = c.dialog().flow();
        return NotifyWire.write(c.dialog(), c.event(), c.message(), c.body(), NOW,
                HostLiterals.forUri(endpoints.sentByHost(flow)), endpoints.sentByPort(flow), BRANCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameRequestAsTheRi(String name, Case c) throws Exception {
        StackContext ctx = stack(c.local(), c.advertise());
        Request built = new NotifyFactory(ctx).build(c.dialog(), c.event(), c.message(), c.body(), NOW);
        // The RI's request as it goes out over UDP, read back: both sides are then parsed messages.
        Request ri = parse(((SIPRequest) built).encodeAsBytes("UDP"));
        byte[] bytes = write(c, ctx.endpoints());
        assertNotNull(bytes, name);
        String text = new String(bytes, StandardCharsets.UTF_8);
        Request ours = parse(bytes);

        assertEquals(headerCounts(ri), headerCounts(ours), "the same headers, as many of each: " + text);
        assertEquals(Request.NOTIFY, ours.getMethod());
        assertEquals(ri.getRequestURI(), ours.getRequestURI(), text);
        assertEquals(built.getRequestURI(), ours.getRequestURI(), text);
        assertEquals(c.dialog().remoteTarget(), ours.getRequestURI().toString(), text);

        FromHeader riFrom = (FromHeader) ri.getHeader(FromHeader.NAME);
        FromHeader ourFrom = (FromHeader) ours.getHeader(FromHeader.NAME);
        assertEquals(riFrom.getAddress(), ourFrom.getAddress(), text);
        assertEquals(c.dialog().localTag(), ourFrom.getTag(), text);
        assertEquals(riFrom.getTag(), ourFrom.getTag(), text);
        assertEquals(riFrom, ourFrom, text);
        ToHeader riTo = (ToHeader) ri.getHeader(ToHeader.NAME);
        ToHeader ourTo = (ToHeader) ours.getHeader(ToHeader.NAME);
        assertEquals(riTo.getAddress(), ourTo.getAddress(), text);
        assertEquals(c.dialog().remoteTag(), ourTo.getTag(), text);
        assertEquals(riTo.getTag(), ourTo.getTag(), text);
        assertEquals(riTo, ourTo, text);

        assertEquals(c.dialog().callId(), ((CallIdHeader) ours.getHeader(CallIdHeader.NAME)).getCallId(), text);
        assertEquals(ri.getHeader(CallIdHeader.NAME), ours.getHeader(CallIdHeader.NAME), text);
        CSeqHeader riCseq = (CSeqHeader) ri.getHeader(CSeqHeader.NAME);
        CSeqHeader ourCseq = (CSeqHeader) ours.getHeader(CSeqHeader.NAME);
        assertEquals(c.dialog().localCseq(), ourCseq.getSeqNumber(), text);
        assertEquals(riCseq.getSeqNumber(), ourCseq.getSeqNumber(), text);
        assertEquals(riCseq.getMethod(), ourCseq.getMethod(), text);
        assertEquals(70, ((MaxForwardsHeader) ours.getHeader(MaxForwardsHeader.NAME)).getMaxForwards(), text);
        assertEquals(ri.getHeader(MaxForwardsHeader.NAME), ours.getHeader(MaxForwardsHeader.NAME), text);

        ViaHeader riVia = (ViaHeader) ri.getHeader(ViaHeader.NAME);
        ViaHeader ourVia = (ViaHeader) ours.getHeader(ViaHeader.NAME);
        assertEquals(riVia.getHost(), ourVia.getHost(), text);
        assertEquals(riVia.getPort(), ourVia.getPort(), text);
        assertEquals(riVia.getTransport().toUpperCase(Locale.ROOT), ourVia.getTransport().toUpperCase(Locale.ROOT),
                text);
        assertEquals("SIP", ourVia.getProtocol().split("/")[0], text);
        assertEquals(BRANCH, ourVia.getBranch(), text);
        assertEquals(parameters(riVia, "branch"), parameters(ourVia, "branch"), "other Via parameters: " + text);

        ContactHeader riContact = (ContactHeader) ri.getHeader(ContactHeader.NAME);
        ContactHeader ourContact = (ContactHeader) ours.getHeader(ContactHeader.NAME);
        assertEquals(riContact.getAddress(), ourContact.getAddress(), text);
        assertEquals(riContact, ourContact, text);

        EventHeader riEvent = (EventHeader) ri.getHeader(EventHeader.NAME);
        EventHeader ourEvent = (EventHeader) ours.getHeader(EventHeader.NAME);
        assertEquals(c.event(), ourEvent.getEventType(), text);
        assertEquals(riEvent.getEventType(), ourEvent.getEventType(), text);
        assertEquals(c.dialog().eventId().orElse(null), ourEvent.getEventId(), text);
        assertEquals(riEvent.getEventId(), ourEvent.getEventId(), text);
        assertEquals(parameters(riEvent, ""), parameters(ourEvent, ""), text);

        SubscriptionStateHeader riState = (SubscriptionStateHeader) ri.getHeader(SubscriptionStateHeader.NAME);
        SubscriptionStateHeader ourState = (SubscriptionStateHeader) ours.getHeader(SubscriptionStateHeader.NAME);
        assertEquals(riState.getState().toLowerCase(Locale.ROOT), ourState.getState().toLowerCase(Locale.ROOT), text);
        assertEquals(riState.getExpires(), ourState.getExpires(), text);
        assertEquals(riState.getReasonCode(), ourState.getReasonCode(), text);
        assertEquals(riState.getRetryAfter(), ourState.getRetryAfter(), text);
        assertEquals(parameters(riState, ""), parameters(ourState, ""), text);

        ContentTypeHeader riType = (ContentTypeHeader) ri.getHeader(ContentTypeHeader.NAME);
        ContentTypeHeader ourType = (ContentTypeHeader) ours.getHeader(ContentTypeHeader.NAME);
        assertEquals(c.body().isPresent(), ourType != null, text);
        if (riType != null && ourType != null) {
            assertEquals(riType.getContentType().toLowerCase(Locale.ROOT),
                    ourType.getContentType().toLowerCase(Locale.ROOT), text);
            assertEquals(riType.getContentSubType().toLowerCase(Locale.ROOT),
                    ourType.getContentSubType().toLowerCase(Locale.ROOT), text);
            assertEquals(parameters(riType, ""), parameters(ourType, ""), text);
            assertEquals(riType, ourType, text);
        }
        assertEquals(requires(ri), requires(ours), text);
        assertEquals(c.body().isPresent() && c.body().get().contentType().startsWith("multipart/related")
                ? List.of(NotifyFactory.EVENTLIST) : List.of(), requires(ours), text);

        byte[] content = c.body().map(NotifyBody::bytes).orElse(new byte[0]);
        assertEquals(content.length,
                ((ContentLengthHeader) ours.getHeader(ContentLengthHeader.NAME)).getContentLength(), text);
        assertEquals(((ContentLengthHeader) ri.getHeader(ContentLengthHeader.NAME)).getContentLength(),
                ((ContentLengthHeader) ours.getHeader(ContentLengthHeader.NAME)).getContentLength(), text);
        assertArrayEquals(content, raw(ours), text);
        assertArrayEquals(raw(ri), raw(ours), text);
        assertTrue(endsWith(bytes, content), "the body ends the datagram, nothing after it");
    }

    private static byte[] raw(Request r) {
        byte[] b = r.getRawContent();
        return b == null ? new byte[0] : b;
    }

    private static boolean endsWith(byte[] all, byte[] tail) {
        if (tail.length > all.length) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (all[all.length - tail.length + i] != tail[i]) {
                return false;
            }
        }
        return true;
    }

    /** Header name (lower case) to how many values of it the request has. */
    private static Map<String, Integer> headerCounts(Request r) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Iterator<?> names = r.getHeaderNames(); names.hasNext(); ) {
            String name = (String) names.next();
            int n = 0;
            for (Iterator<?> values = r.getHeaders(name); values.hasNext(); values.next()) {
                n++;
            }
            counts.merge(name.toLowerCase(Locale.ROOT), n, Integer::sum);
        }
        return counts;
    }

    /** A header's parameters, names in lower case, but {@code except}. */
    private static Map<String, String> parameters(Header h, String except) {
        Parameters p = (Parameters) h;
        Map<String, String> all = new TreeMap<>();
        for (Iterator<?> names = p.getParameterNames(); names.hasNext(); ) {
            String name = (String) names.next();
            if (!name.equalsIgnoreCase(except)) {
                all.put(name.toLowerCase(Locale.ROOT), String.valueOf(p.getParameter(name)));
            }
        }
        return all;
    }

    private static List<String> requires(Request r) {
        List<String> tags = new ArrayList<>();
        for (Iterator<?> h = r.getHeaders(RequireHeader.NAME); h.hasNext(); ) {
            tags.add(((RequireHeader) h.next()).getOptionTag());
        }
        return tags;
    }

    private static byte[] write(DialogRecord d, String event, SubscriptionAction.SendNotify n,
                                Optional<NotifyBody> body) {
        return NotifyWire.write(d, event, n, body, NOW, "127.0.0.1", 5060, BRANCH);
    }

    @Test
    void cseqOrExpiresFrom2pow31_null_theRiPathRefusesThem() {
        SubscriptionAction.SendNotify active = notify(SubscriptionState.ACTIVE, 3_600_000, Optional.empty());
        Optional<NotifyBody> pidf = body("application/pidf+xml", PIDF);
        assertNotNull(write(dialog("c", Integer.MAX_VALUE, Optional.empty()), "presence", active, pidf));
        assertNull(write(dialog("c", 1L + Integer.MAX_VALUE, Optional.empty()), "presence", active, pidf),
                "RFC 3261 8.1.1.5: CSeq below 2^31");
        assertNull(write(dialog("c", 1, Optional.empty()), "presence",
                notify(SubscriptionState.ACTIVE, 1000L * Integer.MAX_VALUE, Optional.empty()), pidf),
                "expires beyond an int");
    }

    @Test
    void controlCharacters_anyValue_null() {
        SubscriptionAction.SendNotify active = notify(SubscriptionState.ACTIVE, 3_600_000, Optional.empty());
        SubscriptionAction.SendNotify terminated = notify(SubscriptionState.TERMINATED, 0,
                Optional.of(TerminationReason.TIMEOUT));
        Optional<NotifyBody> pidf = body("application/pidf+xml", PIDF);
        assertNotNull(write(dialog("ok", 1, Optional.of("id")), "presence", active, pidf), "the control case");
        assertNotNull(write(dialog("ok", 1, Optional.of("id")), "presence", terminated, pidf));
        assertNull(write(dialog("a\r\nX: y", 1, Optional.empty()), "presence", active, pidf), "CR LF in Call-ID");
        assertNull(write(dialog("a\nX: y", 1, Optional.empty()), "presence", active, pidf), "LF in Call-ID");
        assertNull(write(dialog("a\rb", 1, Optional.empty()), "presence", active, pidf), "CR in Call-ID");
        assertNull(write(dialog("a\u0000b", 1, Optional.empty()), "presence", active, pidf), "NUL");
        assertNull(write(dialog("a\u007fb", 1, Optional.empty()), "presence", active, pidf), "DEL");
        assertNull(write(dialog("ü\r\nX: y", 1, Optional.empty()), "presence", active, pidf),
                "after a non-ASCII character too");
        assertNull(write(dialog("c", "sip:a@h\r\nX: y", "sip:alice@sip.example", "sip:bob@example.com", 1,
                "127.0.0.1", Optional.empty()), "presence", active, pidf), "remote target");
        assertNull(write(dialog("c", "sip:a@h", "sip:alice@sip.example\r\nX: y", "sip:bob@example.com", 1,
                "127.0.0.1", Optional.empty()), "presence", active, pidf), "remote URI");
        assertNull(write(dialog("c", "sip:a@h", "sip:alice@sip.example", "sip:bob@example.com\n", 1,
                "127.0.0.1", Optional.empty()), "presence", active, pidf), "local URI");
        assertNull(write(new DialogRecord("c", "ours\r\n", "theirs", "sip:bob@example.com", "sip:alice@sip.example",
                1, 1, List.of(), "sip:a@h", new Flow("10.0.0.1", 5070, "udp", "127.0.0.1"), Optional.empty()),
                "presence", active, pidf), "local tag");
        assertNull(write(new DialogRecord("c", "ours", "the\nirs", "sip:bob@example.com", "sip:alice@sip.example",
                1, 1, List.of(), "sip:a@h", new Flow("10.0.0.1", 5070, "udp", "127.0.0.1"), Optional.empty()),
                "presence", active, pidf), "remote tag");
        assertNull(write(dialog("c", 1, Optional.of("x\r\nY: z")), "presence", active, pidf), "event id");
        assertNull(write(dialog("c", 1, Optional.empty()), "presence\r\nX: y", active, pidf), "event");
        assertNull(write(dialog("c", 1, Optional.empty()), "presence", active,
                body("application/pidf+xml\r\nX: y", PIDF)), "Content-Type");
        assertNull(NotifyWire.write(dialog("c", 1, Optional.empty()), "presence", active, pidf, NOW,
                "127.0.0.1\r\n", 5060, BRANCH), "sent-by host");
        assertNull(NotifyWire.write(dialog("c", 1, Optional.empty()), "presence", active, pidf, NOW,
                "127.0.0.1", 5060, BRANCH + "\n"), "branch");
    }

    @Test
    void bodyBytes_writtenAsIs_evenWithControlCharacters() throws Exception {
        byte[] body = {'a', '\r', '\n', 'X', ':', ' ', 0, (byte) 0xff, '\r', '\n', '\r', '\n'};
        byte[] bytes = write(dialog("c", 1, Optional.empty()), "presence",
                notify(SubscriptionState.ACTIVE, 1000, Optional.empty()),
                Optional.of(new NotifyBody("application/octet-stream", body)));
        assertNotNull(bytes);
        assertTrue(endsWith(bytes, body));
        assertArrayEquals(body, parse(bytes).getRawContent());
    }

    @Test
    void nonAscii_writtenAsUtf8() throws Exception {
        DialogRecord d = new DialogRecord("ü-call", "ours-é", "theirs-ß", "sip:zoë@example.com",
                "sip:jürgen@sip.example", 1, 1, List.of(), "sip:jürgen@10.0.0.1:5070",
                new Flow("10.0.0.1", 5070, "udp", "127.0.0.1"), Optional.of("ïd"));
        byte[] bytes = write(d, "presence", notify(SubscriptionState.ACTIVE, 1000, Optional.empty()),
                Optional.empty());
        assertNotNull(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertArrayEquals(bytes, text.getBytes(StandardCharsets.UTF_8), "valid UTF-8 throughout");
        for (String v : List.of("ü-call", "ours-é", "theirs-ß", "sip:zoë@example.com", "sip:jürgen@sip.example",
                "NOTIFY sip:jürgen@10.0.0.1:5070 SIP/2.0\r\n", ";id=ïd\r\n")) {
            assertTrue(text.contains(v), v + " in " + text);
        }
        assertEquals(-1, text.indexOf('\uFFFD'), "no replacement character");
        assertTrue(text.startsWith("NOTIFY sip:j\u00fcrgen@"), text);
        assertEquals(text.length() + 7, bytes.length, "7 two-byte characters: ü é ß ë ü ü ï");
        Request parsed = parse(bytes);
        assertEquals("ü-call", ((CallIdHeader) parsed.getHeader(CallIdHeader.NAME)).getCallId());
        assertEquals("ours-é", ((FromHeader) parsed.getHeader(FromHeader.NAME)).getTag());
    }

    @Test
    void wireForm_linesAndOrder() {
        byte[] bytes = write(dialog("c1", 5, Optional.of("7")), "presence",
                notify(SubscriptionState.ACTIVE, 10_000, Optional.empty()), Optional.empty());
        assertNotNull(bytes);
        assertEquals("NOTIFY sip:alice@10.0.0.1:5070 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=" + BRANCH + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "To: <sip:alice@sip.example>;tag=theirs.9z\r\n"
                + "From: <sip:bob@example.com>;tag=ours-1a2b\r\n"
                + "Call-ID: c1\r\n"
                + "CSeq: 5 NOTIFY\r\n"
                + "Contact: <sip:127.0.0.1:5060;transport=udp>\r\n"
                + "Event: presence;id=7\r\n"
                + "Subscription-State: active;expires=10\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n", new String(bytes, StandardCharsets.US_ASCII));
    }
}
