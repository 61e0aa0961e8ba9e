package org.presencegw.gateway.admin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.presencegw.gateway.config.AdminSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' HTTP listener ({@code admin:}), on the JDK's {@code com.sun.net.httpserver}: metrics, health, the
 * JSON API and the status page (README "Admin, metrics and health"). It has its own small executor, 2 threads and a
 * queue of {@value #QUEUE} (beyond that the listener's accept thread handles the request itself, which slows only
 * the admin listener), so it never takes a thread from the SIP or XMPP side. Requests and responses have time
 * limits ({@code sun.net.httpserver.maxReqTime} 10 s, {@code maxRspTime} 30 s, unless set on the command line).
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int THREADS = 2;
    private static final int QUEUE = 32;
    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private AdminServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving {@code model}.
     *
     * @throws IOException the address cannot be bound (e.g. the port is in use)
     */
    public static AdminServer start(AdminSettings settings, OperatorModel model) throws IOException {
        limit("sun.net.httpserver.maxReqTime", "10");
        limit("sun.net.httpserver.maxRspTime", "30");
        limit("sun.net.httpserver.maxReqHeaders", "64");
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "admin-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.listen(), settings.port()), BACKLOG);
        server.createContext("/", new AdminHandler(model, new BearerToken(settings.token()), new Metrics(model),
                statusPage()));
        server.setExecutor(executor);
        server.start();
        LOG.info("admin listener on http://{}:{}/ ({})", settings.listen().getHostAddress(), server.getAddress()
                .getPort(), settings.token().isPresent() ? "bearer token required" : "no token: loopback only");
        return new AdminServer(server, executor);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void limit(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static byte[] statusPage() throws IOException {
        try (InputStream in = AdminServer.class.getResourceAsStream("/admin/status.html")) {
            if (in == null) {
                throw new IOException("admin/status.html missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
