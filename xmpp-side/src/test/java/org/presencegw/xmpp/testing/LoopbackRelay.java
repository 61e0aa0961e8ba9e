package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay from a free loopback port to a test server's port, whose connections can all be {@link #cut()} at
 * once: a network failure while the server stays up (with XEP-0198 the server keeps the session for resumption).
 * Point an endpoint at {@link #port()} instead of the server's port. New connections are relayed after a cut.
 */
public final class LoopbackRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoopbackRelay.class);

    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Starts relaying 127.0.0.1:{@link #port()} to 127.0.0.1:targetPort. */
    public LoopbackRelay(int targetPort) {
        this.target = targetPort;
        try {
            this.listener = new ServerSocket();
            listener.bind(new InetSocketAddress(Loopback.HOST, 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + Loopback.HOST, e);
        }
        Thread accept = new Thread(this::acceptLoop, "relay-accept-" + port());
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every relayed connection, both sides, as a broken network would (no stream close). */
    public void cut() {
        LOG.info("relay {} -> {}: cutting {} sockets", port(), target, sockets.size());
        sockets.forEach(LoopbackRelay::closeQuietly);
        sockets.clear();
    }

    @Override
    public void close() {
        cut();
        closeQuietly(listener);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(Loopback.HOST, target), 5_000);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                LOG.debug("relay {}: accept ended: {}", port(), e.toString()); // closed, or the target refused
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread copy = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                LOG.debug("relay {}: pipe ended: {}", port(), e.toString()); // cut() closed it
            } finally {
                closeQuietly(to);
            }
        }, "relay-pipe-" + port());
        copy.setDaemon(true);
        copy.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("close: {}", e.toString()); // closing anyway: nothing to do
        }
    }
}
