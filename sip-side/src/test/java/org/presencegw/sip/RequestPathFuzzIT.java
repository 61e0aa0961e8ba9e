package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.presencegw.sip.api.Limits;
import org.presencegw.sip.testing.Mutations;

/**
 * Fuzzing the whole SIP request path of a running server (the RI's transports, {@code StrictMessageParser}, the
 * dispatcher and every handler): each try sends a mutated message as a UDP datagram and on a fresh TCP
 * connection, then an OPTIONS that must still be answered 200. Corpus: {@code /fuzz/sip} and RFC 4475.
 */
class RequestPathFuzzIT {

    private static final AtomicLong PINGS = new AtomicLong();
    private static TortureFixture fx;
    private static DatagramSocket socket;

    @BeforeContainer
    static void start() throws Exception {
        fx = new TortureFixture("127.0.0.1", s -> s.setLimits(new Limits(200, 500_000, 10, 1_000_000, 32)));
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(3000);
    }

    @AfterContainer
    static void stop() {
        socket.close();
        fx.close();
    }

    @Provide
    Arbitrary<byte[]> messages() {
        List<byte[]> corpus = new ArrayList<>(Mutations.corpus(RequestPathFuzzIT.class, "/fuzz/sip"));
        corpus.addAll(Mutations.corpus(RequestPathFuzzIT.class, "/sip-torture"));
        return Mutations.of(corpus, 6);
    }

    @Property(tries = 300)
    void anyMessage_overUdpAndTcp_serverStillAnswers(@ForAll("messages") byte[] message) throws IOException {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), fx.server.port());
        socket.send(new DatagramPacket(message, message.length, server));
        try (Socket tcp = new Socket()) {
            tcp.connect(server, 2000);
            OutputStream out = tcp.getOutputStream();
            out.write(message);
            out.flush();
        }
        assertEquals("200", ping(server));
    }

    /** An OPTIONS with a new Call-ID; the first final answer to it (other datagrams are skipped). */
    private static String ping(InetSocketAddress server) throws IOException {
        String callId = "fuzz-ping-" + PINGS.incrementAndGet();
        byte[] options = ("OPTIONS sip:ping@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort()
                + ";branch=z9hG4bK" + callId + ";rport\r\nMax-Forwards: 70\r\nFrom: <sip:f@example.com>;tag=f\r\n"
                + "To: <sip:ping@example.com>\r\nCall-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(options, options.length, server));
        byte[] buf = new byte[65536];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String text = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (text.startsWith("SIP/2.0 ") && text.contains("Call-ID: " + callId + "\r\n")) {
                    return text.substring(8, 11);
                }
            }
        } catch (SocketTimeoutException e) {
            return "no-reply";
        }
    }
}
