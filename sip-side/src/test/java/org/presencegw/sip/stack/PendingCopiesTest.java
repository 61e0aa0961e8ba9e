package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.testing.Awaiting;

/** Recognising copies of UDP requests on the reader thread (RFC 3261 17.2.2, Trying state). */
class PendingCopiesTest {

    private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

    private static String subscribe(String via, String cseq) {
        return "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
                + via + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=1\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: c1@example.com\r\n"
                + cseq + "\r\n"
                + "Event: presence\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    private static final String VIA = "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport";
    private static final String REQUEST = subscribe(VIA, "CSeq: 1 SUBSCRIBE");

    private static String key(String message, int port) {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        return PendingCopies.key(b, b.length, SOURCE, port);
    }

    private static PendingCopies.Claim admit(PendingCopies copies, String message, long now) {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        return copies.admit(b, b.length, SOURCE, 5070, now);
    }

    @Test
    void key_sameBytesSameSource_equal_otherSourceOrBranchOrCSeq_differ() {
        String k = key(REQUEST, 5070);
        assertNotNull(k);
        assertEquals(k, key(REQUEST, 5070));
        assertNotEquals(k, key(REQUEST, 5071));
        assertNotEquals(k, key(subscribe(VIA.replace("-1", "-2"), "CSeq: 1 SUBSCRIBE"), 5070));
        assertNotEquals(k, key(subscribe(VIA, "CSeq: 2 SUBSCRIBE"), 5070));
    }

    @Test
    void key_otherRequestLineSameViaAndCSeq_differs() {
        // RFC 5118's torture messages reuse one branch and CSeq for different Request-URIs: not copies.
        assertNotEquals(key(REQUEST, 5070), key(REQUEST.replace("sip:bob@", "sip:carol@"), 5070));
    }

    /** What a datagram's handling left marked (the RI answered it itself) goes when its thread waits again. */
    @Test
    void take_releasesWhatTheLastDatagramLeft_beforeWaiting() throws Exception {
        BoundedUdpQueue.TrimmingQueue queue = new BoundedUdpQueue.TrimmingQueue(8);
        byte[] b = REQUEST.getBytes(StandardCharsets.ISO_8859_1);
        long now = System.currentTimeMillis();
        PendingCopies.Claim claim = queue.copies().admit(b, b.length, SOURCE, 5070, now);
        queue.offerTrimmed(new BoundedUdpQueue.ClaimedDispatch(new DatagramPacket(b, b.length, SOURCE, 5070), now,
                claim));
        CountDownLatch first = new CountDownLatch(1);
        Thread listener = new Thread(() -> {
            try {
                queue.take();
                first.countDown();
                queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        listener.start();
        try {
            assertTrue(first.await(5, TimeUnit.SECONDS));
            Awaiting.within(Duration.ofSeconds(5), "the marker released while the thread waits")
                    .until(() -> queue.copies().size() == 0);
            assertNotEquals(PendingCopies.NONE, queue.copies().admit(b, b.length, SOURCE, 5070, now),
                    "the next copy is a request again");
        } finally {
            listener.interrupt();
            listener.join(5000);
        }
    }

    @Test
    void key_topViaOnly_compactForm_andLfLineEnds() {
        String two = subscribe(VIA + ", SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK-9", "CSeq: 1 SUBSCRIBE");
        assertEquals(key(REQUEST, 5070), key(two, 5070));
        String compact = subscribe("v:  SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport", "CSeq: 1 SUBSCRIBE");
        assertEquals(key(REQUEST, 5070), key(compact, 5070));
        assertEquals(key(REQUEST, 5070), key(REQUEST.replace("\r\n", "\n"), 5070));
    }

    @Test
    void key_notRecognised_null() {
        List<String> none = List.of(
                "SIP/2.0 200 OK\r\n" + VIA + "\r\nCSeq: 1 NOTIFY\r\n\r\n",
                REQUEST.replace("SUBSCRIBE sip:", "ACK sip:").replace("1 SUBSCRIBE", "1 ACK"),
                subscribe(VIA.replace("UDP", "TCP"), "CSeq: 1 SUBSCRIBE"),
                subscribe(VIA.replace("z9hG4bK-1", "rfc2543-1"), "CSeq: 1 SUBSCRIBE"),
                subscribe(VIA, "CSeq: 1 PUBLISH"),
                subscribe(VIA, "CSeq: 1 SUBSCRIBEX"),
                subscribe(VIA + "\r\n ;received=10.0.0.1", "CSeq: 1 SUBSCRIBE"),
                subscribe(VIA, "X-No-CSeq: 1"),
                REQUEST.substring(0, REQUEST.length() - 2),
                "SUBSCRIBE\r\n\r\n",
                "",
                "\r\n\r\n");
        for (String m : none) {
            assertNull(key(m, 5070), m);
        }
    }

    @Test
    void admit_copyWhileMarked_dropped_afterRelease_admittedAgain() {
        PendingCopies copies = new PendingCopies();
        PendingCopies.Claim first = admit(copies, REQUEST, 1_000);
        assertNotNull(first);
        assertNotEquals(PendingCopies.NONE, first);
        assertNull(admit(copies, REQUEST, 1_400));
        assertNull(admit(copies, REQUEST, 2_600));
        assertEquals(2, copies.dropped());
        first.release();
        first.release(); // twice: nothing more
        assertEquals(0, copies.size());
        PendingCopies.Claim again = admit(copies, REQUEST, 2_700);
        assertNotNull(again);
        assertNotEquals(PendingCopies.NONE, again);
        assertNotNull(admit(copies, subscribe(VIA, "CSeq: 2 SUBSCRIBE"), 2_700), "another request");
    }

    @Test
    void admit_markerNeverReleased_goesWithinMaxAge() {
        PendingCopies copies = new PendingCopies();
        assertNotNull(admit(copies, REQUEST, 10_000));
        assertNull(admit(copies, REQUEST, 10_000 + PendingCopies.MAX_AGE_MILLIS - 1_001));
        PendingCopies.Claim later = admit(copies, REQUEST, 10_000 + PendingCopies.MAX_AGE_MILLIS);
        assertNotNull(later);
        assertNotEquals(PendingCopies.NONE, later);
    }

    @Test
    void admit_notARequestItKnows_none() {
        PendingCopies copies = new PendingCopies();
        String tcp = subscribe(VIA.replace("UDP", "TCP"), "CSeq: 1 SUBSCRIBE");
        assertSame(PendingCopies.NONE, admit(copies, tcp, 0));
        assertSame(PendingCopies.NONE, admit(copies, tcp, 0));
        assertEquals(0, copies.dropped());
    }

    @Test
    void admit_bounded_pastMaxMarkersNothingMarked() {
        PendingCopies copies = new PendingCopies();
        for (int i = 0; i < PendingCopies.MAX_MARKERS; i++) {
            assertNotEquals(PendingCopies.NONE, admit(copies, subscribe(VIA, "CSeq: " + i + " SUBSCRIBE"), 0));
        }
        String over = subscribe(VIA, "CSeq: 999999 SUBSCRIBE");
        assertSame(PendingCopies.NONE, admit(copies, over, 0));
        assertSame(PendingCopies.NONE, admit(copies, over, 0), "not marked, so its copy passes too");
    }

    @Test
    void takeCurrent_isTheClaimTheThreadTook_once() {
        PendingCopies copies = new PendingCopies();
        PendingCopies.Claim c = admit(copies, REQUEST, 0);
        PendingCopies.taken(c);
        assertSame(c, PendingCopies.takeCurrent());
        assertSame(PendingCopies.NONE, PendingCopies.takeCurrent());
        assertEquals(1, copies.size(), "taken by the caller, released by it");
        PendingCopies.taken(c);
        PendingCopies.taken(PendingCopies.NONE); // the next datagram: what the thread left is released
        assertEquals(0, copies.size());
        PendingCopies.takeCurrent();
    }

    /** Every torture message, whole and cut short: a key or null, never an exception. */
    @Test
    void key_tortureAndFuzzMessages_neverThrow() throws IOException {
        String manifest = new String(resource("/sip-torture/MANIFEST.tsv"), StandardCharsets.UTF_8);
        int seen = 0;
        for (String line : manifest.split("\n")) {
            String name = line.split("\t")[0].trim();
            if (!name.endsWith(".dat")) {
                continue;
            }
            byte[] b = resource("/sip-torture/" + name);
            PendingCopies.key(b, b.length, SOURCE, 5060);
            for (int cut = 0; cut < b.length; cut += 7) {
                PendingCopies.key(b, cut, SOURCE, 5060);
            }
            seen++;
        }
        assertNotEquals(0, seen);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = Objects.requireNonNull(PendingCopiesTest.class.getResourceAsStream(path), path)) {
            return in.readAllBytes();
        }
    }
}
