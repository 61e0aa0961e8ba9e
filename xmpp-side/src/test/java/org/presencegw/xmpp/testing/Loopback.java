package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** The loopback address the test servers listen on, free ports there, and a connect probe. */
final class Loopback {
    static final String HOST = "127.0.0.1";

    private Loopback() {
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago (bound with port 0, then released). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** True if something accepts TCP connections on 127.0.0.1:port (200 ms connect timeout). */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
