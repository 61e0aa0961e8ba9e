package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 12 RFC 5118 IPv6 torture messages (the sendable {@code wire/} copies of the shared set) as UDP datagrams to a
 * server listening on the IPv6 loopback {@code [::1]}, where the machine has one (otherwise skipped by assumption).
 * Each answer must be one the manifest allows, and the server must answer an OPTIONS afterwards.
 */
class TortureIpv6IT {

    private static final Logger LOG = LoggerFactory.getLogger(TortureIpv6IT.class);
    private static final int REPLY_WAIT_MILLIS = 3000;

    private static TortureFixture fx;
    private static DatagramSocket socket;

    record Row(String file, String accept) {
        @Override
        public String toString() {
            return file;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
        fx = new TortureFixture("::1");
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        socket.setSoTimeout(REPLY_WAIT_MILLIS);
    }

    @AfterAll
    static void stop() {
        if (socket != null) {
            socket.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String line : new String(resource("MANIFEST.tsv"), StandardCharsets.UTF_8).split("\n")) {
            String[] cols = line.split("\t");
            if (cols.length >= 7 && !cols[0].equals("file")) {
                rows.add(new Row(cols[0], cols[6]));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "RFC 5118 {0}")
    @MethodSource("rows")
    @DisplayName("TORT-26: RFC 5118 IPv6 message answered as the manifest allows over [::1]")
    void ipv6TortureMessage_allowedAnswerAndServerStillAlive(Row row) throws IOException {
        byte[] message = resource(row.file());
        String callId = header(new String(message, StandardCharsets.ISO_8859_1), "Call-ID").orElseThrow();
        send(message);
        String outcome = awaitFinal(callId);
        LOG.info("torture ipv6 {} -> {} (manifest accepts {})", row.file(), outcome, row.accept());
        assertTrue(allowed(row.accept(), outcome), row.file() + " answered " + outcome + ", manifest accepts "
                + row.accept());
        String ping = "OPTIONS sip:ping@example.com SIP/2.0\r\nVia: SIP/2.0/UDP [::1]:" + socket.getLocalPort()
                + ";branch=z9hG4bKping" + row.file().hashCode() + ";rport\r\nMax-Forwards: 70\r\n"
                + "From: <sip:t@example.com>;tag=p\r\nTo: <sip:ping@example.com>\r\nCall-ID: ping-" + row.file()
                + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        send(ping.getBytes(StandardCharsets.UTF_8));
        assertEquals("200", awaitFinal("ping-" + row.file()), "server alive after " + row.file());
    }

    private static void send(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length,
                new InetSocketAddress(InetAddress.getByName("::1"), fx.server.port())));
    }

    /** The first final status for {@code callId} (provisional and other calls' answers skipped), or no-reply. */
    private static String awaitFinal(String callId) throws IOException {
        byte[] buf = new byte[65536];
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String text = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                String[] status = text.split("\r\n", 2)[0].split(" ");
                if (text.startsWith("SIP/") && status.length > 1 && !status[1].startsWith("1")
                        && header(text, "Call-ID").map(callId::equals).orElse(false)) {
                    return status[1];
                }
            }
        } catch (SocketTimeoutException e) {
            return "no-reply";
        }
    }

    private static boolean allowed(String accept, String outcome) {
        for (String option : accept.split("\\|")) {
            if (option.equals(outcome) || (option.equals("process") && !outcome.equals("no-reply")
                    && !outcome.equals("400") && (outcome.charAt(0) != '5' || outcome.equals("501")))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> header(String message, String name) {
        return RawUdpPeer.header(message.split("\r\n\r\n", 2)[0], name);
    }

    private static boolean ipv6Loopback() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return probe.getLocalAddress() instanceof Inet6Address;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = TortureIpv6IT.class.getResourceAsStream("/sip-torture/ipv6/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource ipv6/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
