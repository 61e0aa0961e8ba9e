package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Basic;

/**
 * SUBSCRIBE is answered without a server transaction: a retransmitted copy (same branch, same CSeq) must get the
 * first copy's answer again and change nothing: no second subscription, no second NOTIFY (RFC 3261 17.2.2
 * behaviour, done by the presence agent). A plain UDP socket plays the watcher so that the copies are
 * byte-identical and every datagram the server sends is seen; it answers each NOTIFY 200. (A copy that arrives
 * while the first is still being handled is dropped by the RI's pending-transaction check, so copies go 300 ms
 * apart, as a client's retransmission would.)
 */
class PresenceServerRetransmissionTest {

    private static final Duration QUIET = Duration.ofMillis(700);

    private ServerFixture fx;
    private RawWatcher w;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        w = new RawWatcher(fx.server.port());
    }

    @AfterEach
    void tearDown() {
        w.close();
        fx.close();
    }

    @Test
    void initialSubscribeSentTwice_sameTagTwoOksOneSubscriptionOneNotify() {
        String first = w.subscribe("b1", 1, null, 60);
        w.sendTwice(first);
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), String.join("\n---\n", got));
        assertEquals(toTag(oks.get(0)), toTag(oks.get(1)));
        assertEquals(1, notifyCseqs(got).size(), String.join("\n---\n", got));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    void refreshSentTwice_twoOksOneNotify() {
        w.send(w.subscribe("b1", 1, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        String refresh = w.subscribe("b2", 2, tag, 60);
        w.sendTwice(refresh);
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), String.join("\n---\n", got));
        assertTrue(oks.get(1).contains("Expires: 60") || oks.get(1).contains("Expires: 59"), oks.get(1));
        assertEquals(List.of(2L), notifyCseqs(got));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    void unsubscribeSentTwice_bothAnswered200_noSecondFinalNotify() {
        w.send(w.subscribe("b1", 1, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        String unsubscribe = w.subscribe("b2", 2, tag, 0);
        w.sendTwice(unsubscribe);
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), "the copy gets 200 again, not 481:\n" + String.join("\n---\n", got));
        assertTrue(oks.get(1).contains("Expires: 0"), oks.get(1));
        assertEquals(List.of(2L), notifyCseqs(got));
        assertEquals(0, fx.server.activeSubscriptions());
        // A new request in the ended dialog (higher CSeq) is refused as before.
        w.send(w.subscribe("b3", 3, tag, 60));
        assertEquals(1, responses(w.collect(QUIET), 481).size());
    }

    @Test
    void fetchSentTwice_oneNotify() {
        String fetch = w.subscribe("b1", 1, null, 0);
        w.sendTwice(fetch);
        List<String> got = w.collect(QUIET);
        assertEquals(2, responses(got, 200).size(), String.join("\n---\n", got));
        assertEquals(List.of(1L), notifyCseqs(got));
        assertEquals(0, fx.server.activeSubscriptions());
    }

    @Test
    void olderCseqInDialog_still500() {
        w.send(w.subscribe("b1", 5, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        w.send(w.subscribe("b2", 4, tag, 60));
        assertEquals(1, responses(w.collect(QUIET), 500).size());
    }

    @Test
    void newInitialSubscribeReusingCallIdAndFromTag_refreshesTheSameDialog() {
        w.send(w.subscribe("b1", 1, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        w.send(w.subscribe("b2", 2, null, 90));
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(1, oks.size(), String.join("\n---\n", got));
        assertEquals(tag, toTag(oks.get(0)));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    private static List<String> responses(List<String> datagrams, int status) {
        List<String> out = new ArrayList<>();
        for (String d : datagrams) {
            if (d.startsWith("SIP/2.0 " + status + " ")) {
                out.add(d);
            }
        }
        return out;
    }

    private static List<Long> notifyCseqs(List<String> datagrams) {
        List<Long> out = new ArrayList<>();
        for (String d : datagrams) {
            if (d.startsWith("NOTIFY ")) {
                long cseq = Long.parseLong(header(d, "CSeq").orElseThrow().split(" ")[0]);
                if (!out.contains(cseq)) {
                    out.add(cseq);
                }
            }
        }
        return out;
    }

    private static String toTag(String message) {
        Matcher m = Pattern.compile(";tag=([^;>\\s]+)").matcher(header(message, "To").orElseThrow());
        assertTrue(m.find(), message);
        return m.group(1);
    }

    private static Optional<String> header(String message, String name) {
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** A watcher on a plain UDP socket: sends exact bytes, answers NOTIFYs 200, collects everything else. */
    private static final class RawWatcher implements AutoCloseable {

        private final DatagramSocket socket;
        private final InetSocketAddress server;
        private final String callId = UUID.randomUUID() + "@127.0.0.1";

        RawWatcher(int serverPort) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        }

        String subscribe(String branch, long cseq, String toTag, int expires) {
            int port = socket.getLocalPort();
            return "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + branch + callId.hashCode() + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:alice@sip.example>;tag=w1\r\n"
                    + "To: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " SUBSCRIBE\r\n"
                    + "Contact: <sip:alice@127.0.0.1:" + port + ">\r\n"
                    + "Event: presence\r\n"
                    + "Accept: application/pidf+xml\r\n"
                    + "Expires: " + expires + "\r\n"
                    + "Content-Length: 0\r\n\r\n";
        }

        /** Sends {@code message}, then the same bytes again after 300 ms, as a UDP client retransmits (T1). */
        void sendTwice(String message) {
            send(message);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(message);
        }

        void send(String message) {
            byte[] b = message.getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(b, b.length, server));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** Everything received until {@code quiet} passes without a datagram; NOTIFYs are answered 200. */
        List<String> collect(Duration quiet) {
            List<String> got = new ArrayList<>();
            byte[] buf = new byte[65536];
            try {
                socket.setSoTimeout((int) quiet.toMillis());
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    String text = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
                    got.add(text);
                    if (text.startsWith("NOTIFY ")) {
                        answer(text, p);
                    }
                }
            } catch (SocketTimeoutException e) {
                return got;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        private void answer(String notify, DatagramPacket from) throws IOException {
            StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
            for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
                ok.append(name).append(": ").append(header(notify, name).orElseThrow()).append("\r\n");
            }
            ok.append("Content-Length: 0\r\n\r\n");
            byte[] b = ok.toString().getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(b, b.length, from.getSocketAddress()));
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
