package org.presencegw.sip;

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

/**
 * A SIP peer on a plain UDP socket for retransmission tests: sends exact bytes (so copies are byte-identical),
 * answers every NOTIFY 200 and collects every datagram the server sends. {@link #callId} is one per peer.
 */
final class RawUdpPeer implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    final String callId = UUID.randomUUID() + "@127.0.0.1";

    RawUdpPeer(int serverPort) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
    }

    /** Sends {@code message}, then the same bytes again after 300 ms, as a UDP client retransmits (T1). */
    void sendTwice(String message) {
        send(message);
        try {
            // On purpose: the copy must come later, as a real retransmission would (not a wait for anything).
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
        return collect(quiet, true);
    }

    /** Everything received until {@code quiet} passes without a datagram; NOTIFYs answered 200 if {@code answer}. */
    List<String> collect(Duration quiet, boolean answer) {
        List<String> got = new ArrayList<>();
        byte[] buf = new byte[65536];
        try {
            socket.setSoTimeout((int) quiet.toMillis());
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String text = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
                got.add(text);
                if (answer && text.startsWith("NOTIFY ")) {
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

    /** The first value of header {@code name} in a message's text. */
    static Optional<String> header(String message, String name) {
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** The status lines' datagrams with this status code. */
    static List<String> responses(List<String> datagrams, int status) {
        List<String> out = new ArrayList<>();
        for (String d : datagrams) {
            if (d.startsWith("SIP/2.0 " + status + " ")) {
                out.add(d);
            }
        }
        return out;
    }

    int port() {
        return socket.getLocalPort();
    }
}
