package org.presencegw.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends raw datagrams to a server and catches every reply wherever RFC 3261 section 18.2.2 sends it: to the source
 * port (rport), to the received address at the top Via's port (5060 by default; the torture messages also use 5050
 * and 5070), and, for a top Via that claims TCP, over a TCP connection to the source address and port. The torture
 * messages' Via hosts are documentation names, so "received" (127.0.0.1) is where the answers come.
 */
final class ReplyCatcher implements AutoCloseable {
    private static final int[] VIA_PORTS = {5060, 5050, 5070};

    private volatile InetSocketAddress server;
    private final DatagramSocket sender;
    private final ServerSocket tcp;
    private final List<DatagramSocket> viaPorts = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    ReplyCatcher(InetSocketAddress server) throws IOException {
        this(server, InetAddress.getLoopbackAddress());
    }

    /** Catches replies on {@code lo} ({@code ::1} for the RFC 5118 messages). */
    ReplyCatcher(InetSocketAddress server, InetAddress lo) throws IOException {
        this.server = server;
        sender = new DatagramSocket(new InetSocketAddress(lo, 0));
        tcp = new ServerSocket(sender.getLocalPort(), 50, lo);
        listen(sender);
        for (int port : VIA_PORTS) {
            try {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(lo, port));
                viaPorts.add(s);
                listen(s);
            } catch (IOException e) {
                throw new IOException("the torture test needs UDP " + lo.getHostAddress() + ":" + port + " to see replies sent to the"
                        + " Via port (RFC 3261 18.2.2), but it is in use", e);
            }
        }
        start("tcp-accept", this::acceptLoop);
    }

    /** Sends later datagrams to another server (after a restart). */
    void target(InetSocketAddress newServer) {
        this.server = newServer;
    }

    void send(byte[] datagram) {
        try {
            sender.send(new DatagramPacket(datagram, datagram.length, server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<String> await(Duration timeout) {
        try {
            return Optional.ofNullable(replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void listen(DatagramSocket socket) {
        start("udp-" + socket.getLocalPort(), () -> {
            byte[] buf = new byte[65536];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                    replies.add(new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = tcp.accept();
                start("tcp-read", () -> readStream(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Reads SIP messages off a TCP connection (header block + Content-Length body). */
    private void readStream(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                sb.append((char) c);
                int end = sb.indexOf("\r\n\r\n");
                if (end >= 0) {
                    String head = sb.substring(0, end);
                    int length = contentLength(head);
                    byte[] body = in.readNBytes(length);
                    replies.add(head + "\r\n\r\n" + new String(body, StandardCharsets.ISO_8859_1));
                    sb.setLength(0);
                }
            }
        } catch (IOException e) {
            // connection closed by the server: nothing more to read
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("l")) {
                    return Integer.parseInt(line.substring(colon + 1).trim());
                }
            }
        }
        return 0;
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, "torture-" + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        sender.close();
        viaPorts.forEach(DatagramSocket::close);
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
