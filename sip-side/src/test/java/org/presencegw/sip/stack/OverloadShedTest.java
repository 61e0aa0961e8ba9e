package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ViaHeader;
import org.junit.jupiter.api.Test;

class OverloadShedTest {

    private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

    private static String subscribe(String via, String to, String extra) {
        return "SUBSCRIBE sip:alice@jabber.test SIP/2.0\r\n"
                + via
                + "Max-Forwards: 70\r\n"
                + "f: \"W\" <sip:w1@watchers.test>;tag=ft1\r\n"
                + to
                + "Call-ID: c1@127.0.0.1\r\n"
                + "CSeq: 1 SUBSCRIBE\r\n"
                + "Contact: <sip:w1@127.0.0.1:5070>\r\n"
                + "Event: presence\r\n"
                + extra
                + "Expires: 600\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static final String VIA = "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport\r\n";
    private static final String TO = "To: <sip:alice@jabber.test>\r\n";

    private static OverloadShed shed() {
        return new OverloadShed(() -> true, (callId, fromTag) -> false, 5, () -> { });
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static SIPMessage parse(byte[] wire) throws Exception {
        return new StringMsgParser().parseSIPMessage(wire, true, false, null);
    }

    @Test
    void newSubscribe_503CopiesItsHeaders_toTagAdded_viaGetsReceivedAndRport() throws Exception {
        byte[] request = b(subscribe(VIA + "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKproxy, "
                + "SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKfirst\r\n", TO, ""));
        byte[] wire = shed().write(request, request.length, SOURCE, 5070);
        assertNotNull(wire);
        SIPResponse r = (SIPResponse) parse(wire);
        SIPRequest req = (SIPRequest) parse(request);
        assertEquals(503, r.getStatusCode());
        assertEquals("Overloaded", r.getReasonPhrase());
        assertEquals(5, ((RetryAfterHeader) r.getHeader(RetryAfterHeader.NAME)).getRetryAfter());
        assertEquals(req.getFrom().toString(), r.getFrom().toString());
        assertEquals(req.getCallId().getCallId(), r.getCallId().getCallId());
        assertEquals(req.getCSeq().toString(), r.getCSeq().toString());
        assertEquals(req.getTo().getAddress(), r.getTo().getAddress());
        assertNotNull(r.getTo().getTag(), "UAS-02: a To tag");
        assertTrue(r.getTo().getTag().length() >= 8, r.getTo().getTag());
        assertEquals(0, r.getContentLength().getContentLength());
        List<String> sent = vias(req);
        List<String> got = vias(r);
        assertEquals(3, got.size(), got.toString());
        assertEquals(sent.subList(1, 3), got.subList(1, 3), "every Via after the top one as received, in order");
        ViaHeader top = (ViaHeader) r.getHeader(ViaHeader.NAME);
        assertEquals("z9hG4bK-1", top.getBranch());
        assertEquals("127.0.0.1", top.getReceived());
        assertEquals(5070, top.getRPort());
        assertEquals("127.0.0.1", top.getHost());
        assertEquals(5070, top.getPort());
        assertEquals(0, r.getContentLength().getContentLength());
    }

    @Test
    void copies_sameAnswer_anotherRequest_anotherTag() throws Exception {
        OverloadShed shed = shed();
        byte[] request = b(subscribe(VIA, TO, ""));
        byte[] first = shed.write(request, request.length, SOURCE, 5070);
        assertArrayEquals(first, shed.write(request, request.length, SOURCE, 5070), "a copy gets the same bytes");
        byte[] other = b(subscribe(VIA, TO, "").replace("c1@", "c2@"));
        String tag1 = ((SIPResponse) parse(first)).getTo().getTag();
        String tag2 = ((SIPResponse) parse(shed.write(other, other.length, SOURCE, 5070))).getTo().getTag();
        assertNotEquals(tag1, tag2);
        assertNotEquals(tag1, ((SIPResponse) parse(shed().write(request, request.length, SOURCE, 5070)))
                .getTo().getTag(), "another process, another secret");
    }

    @Test
    void dialogOf_isTheCallIdAndFromTagTheRiParses() throws Exception {
        for (String via : List.of(VIA, "v: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bKnoport\r\n",
                "Via: sip/2.0/udp watcher.example:5099 ;rport;branch=z9hG4bK.x~y\r\n")) {
            for (String from : List.of("f: \"W\" <sip:w1@watchers.test>;tag=ft1\r\n",
                    "From: <sip:w1@watchers.test;tag=uri>;x=1;tag=a.b-C ;y\r\n",
                    "From:sip:w1@watchers.test;tag=plain\r\n")) {
                byte[] request = b(subscribe(via, TO, "").replace("f: \"W\" <sip:w1@watchers.test>;tag=ft1\r\n", from)
                        .replace("Call-ID: c1@127.0.0.1", "i:   c1@127.0.0.1 "));
                SIPRequest parsed = (SIPRequest) parse(request);
                String[] dialog = OverloadShed.dialogOf(request, request.length);
                assertNotNull(dialog, via + from);
                assertEquals(parsed.getCallId().getCallId(), dialog[0], via + from);
                assertEquals(parsed.getFrom().getTag(), dialog[1], via + from);
                assertNotNull(shed().write(request, request.length, SOURCE, 5070), via + from);
            }
        }
    }

    @Test
    void knownDialog_leftToTheListeners() {
        byte[] request = b(subscribe(VIA, TO, ""));
        OverloadShed shed = new OverloadShed(() -> true,
                (callId, fromTag) -> callId.equals("c1@127.0.0.1") && fromTag.equals("ft1"), 5, () -> { });
        assertNull(shed.write(request, request.length, SOURCE, 5070), "a copy of one answered gets that answer");
        byte[] other = b(subscribe(VIA, TO, "").replace("c1@", "c2@"));
        assertNotNull(shed.write(other, other.length, SOURCE, 5070));
    }

    @Test
    void notANewSubscriptionOrNotFollowed_leftToTheListeners() throws Exception {
        List<String> others = List.of(
                subscribe(VIA, "To: <sip:alice@jabber.test>;tag=ours\r\n", ""),
                subscribe(VIA, "t: sip:alice@jabber.test ; TAG=ours\r\n", ""),
                subscribe(VIA, TO + TO, ""),
                subscribe(VIA, TO, "").replace("SUBSCRIBE sip:", "NOTIFY sip:"),
                subscribe(VIA, TO, "").replace("CSeq: 1 SUBSCRIBE", "CSeq: 1 NOTIFY"),
                subscribe(VIA, TO, "").replace("CSeq: 1 SUBSCRIBE", "CSeq: x SUBSCRIBE"),
                subscribe(VIA, TO, "").replace(";tag=ft1", ""),
                subscribe(VIA, TO, "").replace(" SIP/2.0\r\n", " SIP/3.0\r\n"),
                subscribe(VIA.replace("UDP", "TCP"), TO, ""),
                subscribe(VIA.replace(";rport", ";rport=5070"), TO, ""),
                subscribe(VIA.replace(";rport", ";maddr=10.0.0.1"), TO, ""),
                subscribe(VIA.replace(";rport", ";received=10.0.0.1"), TO, ""),
                subscribe(VIA.replace("z9hG4bK-1", "old-style"), TO, ""),
                subscribe(VIA, TO, "Subject: folded\r\n  line\r\n"),
                subscribe("", TO, ""),
                subscribe(VIA, TO, "").replace("\r\n\r\n", "\r\n"));
        for (String text : others) {
            byte[] request = b(text);
            assertNull(shed().write(request, request.length, SOURCE, 5070), text);
        }
        byte[] request = b(subscribe(VIA, TO, ""));
        assertNull(shed().write(request, request.length, InetAddress.getByName("::1"), 5070), "IPv6 source");
        assertNotNull(shed().write(request, request.length, SOURCE, 5070), "the same request, shed");
    }

    @Test
    void answer_sentToTheSource_onlyWhileOverloaded_andCounted() throws Exception {
        AtomicBoolean overloaded = new AtomicBoolean();
        AtomicInteger told = new AtomicInteger();
        OverloadShed shed = new OverloadShed(overloaded::get, (callId, fromTag) -> false, 5, told::incrementAndGet);
        try (DatagramSocket server = new DatagramSocket(0, SOURCE);
             DatagramSocket client = new DatagramSocket(0, SOURCE)) {
            client.setSoTimeout(5000);
            byte[] request = b(subscribe(VIA, TO, ""));
            assertFalse(shed.answer(server, request, request.length, SOURCE, client.getLocalPort()));
            assertEquals(0, shed.shed());
            overloaded.set(true);
            assertTrue(shed.answer(server, request, request.length, SOURCE, client.getLocalPort()));
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            client.receive(p);
            assertTrue(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)
                    .startsWith("SIP/2.0 503 Overloaded\r\n"));
            assertEquals(1, shed.shed());
            assertEquals(1, told.get());
            byte[] inDialog = b(subscribe(VIA, "To: <sip:alice@jabber.test>;tag=ours\r\n", ""));
            assertFalse(shed.answer(server, inDialog, inDialog.length, SOURCE, client.getLocalPort()));
            assertEquals(1, shed.shed());
        }
    }

    /** Every torture message, whole and cut short: a 503 or null, never an exception; a 503 always parses. */
    @Test
    void write_tortureMessages_neverThrow_whatItWritesParses() throws Exception {
        String manifest = new String(resource("/sip-torture/MANIFEST.tsv"), StandardCharsets.UTF_8);
        int seen = 0;
        OverloadShed shed = shed();
        for (String line : manifest.split("\n")) {
            String name = line.split("\t")[0].trim();
            if (!name.endsWith(".dat")) {
                continue;
            }
            byte[] b = resource("/sip-torture/" + name);
            for (int cut = b.length; cut >= 0; cut -= 7) {
                byte[] wire = shed.write(b, cut, SOURCE, 5060);
                if (wire != null) {
                    assertEquals(503, ((SIPResponse) parse(wire)).getStatusCode(), name);
                }
            }
            seen++;
        }
        assertNotEquals(0, seen);
    }

    private static List<String> vias(SIPMessage m) {
        List<String> out = new ArrayList<>();
        for (ListIterator<?> it = m.getHeaders(ViaHeader.NAME); it.hasNext(); ) {
            ViaHeader v = (ViaHeader) it.next();
            out.add(v.getBranch() + " " + v.getHost() + ":" + v.getPort());
        }
        return out;
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = Objects.requireNonNull(OverloadShedTest.class.getResourceAsStream(path), path)) {
            return in.readAllBytes();
        }
    }
}
