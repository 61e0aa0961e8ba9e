package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.RawUdpPeer.header;

import gov.nist.javax.sip.parser.StringMsgParser;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentLengthHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Basic;

/**
 * NOTIFYs over UDP go without the RI (decision 0011): written to bytes, sent on the RI's socket, retransmitted by
 * our own Timer E and answered through the datagram tap. A plain UDP socket plays the watcher, so every datagram
 * and its timing is seen: the NOTIFY parses with the RI's parser and carries the dialog's values, a NOTIFY left
 * unanswered comes again after T1 (500 ms) byte for byte, an answered one never does, and an answer that ends the
 * subscription (RFC 6665 4.2.2) ends it. With {@code -Dpresencegw.sip.directUdp=false} the RI sends them.
 */
class DirectNotifyIT {

    private static final String OUR_BRANCH = "z9hG4bK.n";

    private ServerFixture fx;
    private Watcher w;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        w = new Watcher(fx.server.port());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("presencegw.sip.directUdp"); // also when a restart through the RI failed
        w.close();
        fx.close();
    }

    @Test
    void notifyOverUdp_writtenByUs_parsesWithTheDialogsValues() throws Exception {
        w.send(w.subscribe(60));
        Received ok = w.receive(r -> r.text.startsWith("SIP/2.0 200"));
        Received notify = w.receive(r -> r.text.startsWith("NOTIFY "));
        w.answer(notify, 200);

        Request parsed = (Request) new StringMsgParser().parseSIPMessage(notify.bytes, true, false, null);
        ViaHeader via = (ViaHeader) parsed.getHeader(ViaHeader.NAME);
        assertTrue(via.getBranch().startsWith(OUR_BRANCH), notify.text);
        assertEquals("UDP", via.getTransport().toUpperCase(java.util.Locale.ROOT));
        assertEquals(fx.server.port(), via.getPort());
        assertEquals("sip:alice@127.0.0.1:" + w.port(), parsed.getRequestURI().toString());
        assertEquals(w.callId, RawUdpPeer.header(notify.text, "Call-ID").orElseThrow());
        assertEquals("w1", ((ToHeader) parsed.getHeader(ToHeader.NAME)).getTag());
        String ourTag = ((ToHeader) new StringMsgParser().parseSIPMessage(ok.bytes, true, false, null)
                .getHeader(ToHeader.NAME)).getTag();
        assertEquals(ourTag, ((FromHeader) parsed.getHeader(FromHeader.NAME)).getTag());
        assertEquals("sip:bob@example.com",
                ((FromHeader) parsed.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        assertEquals(Request.NOTIFY, ((CSeqHeader) parsed.getHeader(CSeqHeader.NAME)).getMethod());
        assertEquals("presence", ((EventHeader) parsed.getHeader(EventHeader.NAME)).getEventType());
        SubscriptionStateHeader state = (SubscriptionStateHeader) parsed.getHeader(SubscriptionStateHeader.NAME);
        assertEquals("active", state.getState());
        assertTrue(state.getExpires() > 50 && state.getExpires() <= 60, notify.text);
        assertEquals(parsed.getRawContent().length,
                ((ContentLengthHeader) parsed.getHeader(ContentLengthHeader.NAME)).getContentLength());
        assertTrue(new String(parsed.getRawContent(), StandardCharsets.UTF_8).contains("<basic>open</basic>"));
        assertNotNull(parsed.getHeader("Contact"));

        assertTrue(w.quiet(Duration.ofMillis(1500)).stream().noneMatch(r -> r.text.startsWith("NOTIFY ")),
                "an answered NOTIFY is not sent again");
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    void unansweredNotify_comesAgainAfterT1ByteForByte_untilACopyIsAnswered() throws Exception {
        w.send(w.subscribe(60));
        Received first = w.receive(r -> r.text.startsWith("NOTIFY "));
        Received copy = w.receive(r -> r.text.startsWith("NOTIFY "));
        long gapMillis = (copy.nanos - first.nanos) / 1_000_000;
        assertTrue(gapMillis >= 400 && gapMillis < 2000, "Timer E: T1 = 500 ms, got " + gapMillis);
        assertArrayEquals(first.bytes, copy.bytes, "a retransmission is the same request");
        Received second = w.receive(r -> r.text.startsWith("NOTIFY "));
        long secondGap = (second.nanos - copy.nanos) / 1_000_000;
        assertTrue(secondGap >= 800, "Timer E doubles: 1 s, got " + secondGap);
        w.answer(second, 200);
        assertTrue(w.quiet(Duration.ofMillis(2500)).stream().noneMatch(r -> r.text.startsWith("NOTIFY ")),
                "answered: no more copies");
        assertEquals(1, fx.server.activeSubscriptions());
    }

    /**
     * Timer E has a thread of its own: with every thread of the gateway's scheduler held (in the gateway, by fan-outs
     * to a thousand watchers) a NOTIFY left unanswered still comes again after T1, and copies to dead watchers do not
     * hold up the scheduler's fan-outs either.
     */
    @Test
    void unansweredNotify_comesAgainWhileTheSchedulerIsBusy() throws Exception {
        w.send(w.subscribe(60));
        Received first = w.receive(r -> r.text.startsWith("NOTIFY "));
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int i = 0; i < 2; i++) { // the fixture's scheduler has two threads
                fx.scheduler.execute(() -> {
                    held.countDown();
                    try {
                        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(held.await(5, java.util.concurrent.TimeUnit.SECONDS), "both scheduler threads held");
            Received copy = w.receive(r -> r.text.startsWith("NOTIFY "));
            assertArrayEquals(first.bytes, copy.bytes, "the copy Timer E sent while the scheduler was held");
        } finally {
            release.countDown();
        }
    }

    @Test
    void notifyAnswered481_endsTheSubscription() throws Exception {
        w.send(w.subscribe(60));
        Received notify = w.receive(r -> r.text.startsWith("NOTIFY "));
        w.answer(notify, 481);
        long deadline = System.nanoTime() + ServerFixture.WAIT.toNanos();
        while (fx.server.activeSubscriptions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, fx.server.activeSubscriptions(), "RFC 6665 4.2.2: 481 ends the subscription");
    }

    @Test
    void copyOfTheAnswer_isDroppedAndChangesNothing() throws Exception {
        w.send(w.subscribe(60));
        Received notify = w.receive(r -> r.text.startsWith("NOTIFY "));
        w.answer(notify, 200);
        w.answer(notify, 200);
        w.answer(notify, 481); // too late: the transaction ended with the 200
        assertTrue(w.quiet(Duration.ofMillis(1200)).stream().noneMatch(r -> r.text.startsWith("NOTIFY ")));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    void withThePropertyFalse_theRiSendsTheNotify() throws Exception {
        restartThroughTheRi();
        try {
            w.send(w.subscribe(60));
            Received notify = w.receive(r -> r.text.startsWith("NOTIFY "));
            w.answer(notify, 200);
            String branch = ((ViaHeader) new StringMsgParser().parseSIPMessage(notify.bytes, true, false, null)
                    .getHeader(ViaHeader.NAME)).getBranch();
            assertFalse(branch.startsWith(OUR_BRANCH), branch);
            assertTrue(w.quiet(Duration.ofMillis(1200)).stream().noneMatch(r -> r.text.startsWith("NOTIFY ")));
            assertEquals(1, fx.server.activeSubscriptions());
        } finally {
            System.clearProperty("presencegw.sip.directUdp");
        }
    }

    @Test
    void answerToASubscribe_sameWhetherWeOrTheRiSendIt() throws Exception {
        w.send(w.subscribe(60));
        Received direct = w.receive(r -> r.text.startsWith("SIP/2.0 200"));
        w.answer(w.receive(r -> r.text.startsWith("NOTIFY ")), 200);
        restartThroughTheRi();
        try {
            w.send(w.subscribe(60));
            Received viaRi = w.receive(r -> r.text.startsWith("SIP/2.0 200"));
            w.answer(w.receive(r -> r.text.startsWith("NOTIFY ")), 200);
            assertEquals(shape(viaRi.text), shape(direct.text), direct.text + "\n---\n" + viaRi.text);
            assertTrue(direct.text.contains(";received=") || direct.text.contains(";rport="), direct.text);
        } finally {
            System.clearProperty("presencegw.sip.directUdp");
        }
    }

    /** Stops the server and the watcher, and starts both again with {@code -Dpresencegw.sip.directUdp=false}. */
    private void restartThroughTheRi() throws Exception {
        w.close();
        fx.close();
        System.setProperty("presencegw.sip.directUdp", "false");
        fx = new ServerFixture();
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        w = new Watcher(fx.server.port());
    }

    /** The message with what differs between two watchers and two servers (ports, tags, Call-ID, branch) masked. */
    private static String shape(String message) {
        return message.replaceAll("\\d{4,5}", "P").replaceAll("tag=[^;>\\s]+", "tag=T")
                .replaceAll("Call-ID: \\S+", "Call-ID: C").replaceAll("branch=[^;\\s]+", "branch=B")
                .replaceAll("Expires: \\d+", "Expires: E");
    }

    @SuppressWarnings("ArrayRecordComponent") // the datagram as received; never compared as a record
    private record Received(byte[] bytes, String text, long nanos, InetSocketAddress from) {
    }

    /** A watcher on a plain UDP socket that answers only when told to. */
    private static final class Watcher implements AutoCloseable {
        final String callId = UUID.randomUUID() + "@127.0.0.1";
        private final DatagramSocket socket;
        private final InetSocketAddress server;

        Watcher(int serverPort) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        }

        int port() {
            return socket.getLocalPort();
        }

        String subscribe(int expires) {
            return "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bKd" + callId.hashCode() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:alice@sip.example>;tag=w1\r\n"
                    + "To: <sip:bob@example.com>\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 SUBSCRIBE\r\n"
                    + "Contact: <sip:alice@127.0.0.1:" + port() + ">\r\n"
                    + "Event: presence\r\n"
                    + "Accept: application/pidf+xml\r\n"
                    + "Expires: " + expires + "\r\n"
                    + "Content-Length: 0\r\n\r\n";
        }

        void send(String message) throws Exception {
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(b, b.length, server));
        }

        /** The next datagram that {@code wanted} accepts (others are skipped), within 5 s. */
        Received receive(java.util.function.Predicate<Received> wanted) throws Exception {
            long deadline = System.nanoTime() + ServerFixture.WAIT.toNanos();
            byte[] buf = new byte[65536];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                byte[] bytes = Arrays.copyOf(buf, p.getLength());
                Received r = new Received(bytes, new String(bytes, StandardCharsets.UTF_8), System.nanoTime(),
                        (InetSocketAddress) p.getSocketAddress());
                if (wanted.test(r)) {
                    return r;
                }
            }
            throw new AssertionError("nothing wanted arrived within " + ServerFixture.WAIT);
        }

        /** What arrives until {@code quiet} passes without a datagram; nothing is answered. */
        List<Received> quiet(Duration quiet) throws Exception {
            List<Received> got = new ArrayList<>();
            byte[] buf = new byte[65536];
            socket.setSoTimeout((int) quiet.toMillis());
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return got;
                }
                byte[] bytes = Arrays.copyOf(buf, p.getLength());
                got.add(new Received(bytes, new String(bytes, StandardCharsets.UTF_8), System.nanoTime(),
                        (InetSocketAddress) p.getSocketAddress()));
            }
        }

        /** Answers {@code request} with {@code status}, copying Via, From, To, Call-ID and CSeq. */
        void answer(Received request, int status) throws Exception {
            StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(" Answer\r\n");
            for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
                b.append(name).append(": ").append(header(request.text, name).orElseThrow()).append("\r\n");
            }
            b.append("Content-Length: 0\r\n\r\n");
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, request.from));
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
