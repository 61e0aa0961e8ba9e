package org.presencegw.xmpp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * A plain TCP connect to the XMPP server before each login attempt (closed at once). Smack 4.4.8's modular
 * connection leaks the socket and the whole connection object of an attempt whose TCP connect fails (the channel is
 * registered with the shared reactor and never closed, docs/STACK.md §4): with 1,000 accounts retrying against a
 * server that is down, that was a thousand file descriptors and connections per round until the heap ran out. So
 * an attempt starts a Smack connection only when the port answers.
 */
final class TcpProbe {
    private static final int TIMEOUT_MS = 5_000;

    private TcpProbe() {
    }

    /** Empty when {@code host:port} accepts a TCP connection now, else why not (one line). */
    static Optional<String> check(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("cannot connect to " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }
}
