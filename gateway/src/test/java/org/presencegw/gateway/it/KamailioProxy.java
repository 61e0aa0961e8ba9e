package org.presencegw.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.presencegw.sip.testing.FreePorts;

/**
 * A real Kamailio (Debian {@code kamailio}) in front of the gateway, started by the test as a child process on a
 * free loopback port (UDP and TCP) with {@code src/test/resources/kamailio/proxy.cfg}: it record-routes SUBSCRIBE,
 * adds Path to REGISTER and forwards the given domains to the gateway. Its log goes to {@code target/kamailio-*.log}.
 * Closing sends SIGTERM to that one process (its workers follow it).
 */
final class KamailioProxy implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/kamailio");

    private final Process process;
    private final int port;
    private final Path log;

    private KamailioProxy(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Kamailio forwarding {@code domains} to {@code gatewayHost:gatewayPort} and waits until it listens. */
    static KamailioProxy start(String gatewayHost, int gatewayPort, List<String> domains) throws IOException {
        int port = FreePorts.pick();
        Path dir = Files.createTempDirectory("kamailio-");
        String template;
        try (InputStream in = KamailioProxy.class.getResourceAsStream("/kamailio/proxy.cfg")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path cfg = Files.writeString(dir.resolve("proxy.cfg"), template.replace("@PORT@", Integer.toString(port))
                .replace("@GATEWAY@", gatewayHost + ":" + gatewayPort)
                .replace("@DOMAINS@", String.join("|", domains.stream().map(d -> d.replace(".", "\\\\.")).toList())));
        Path log = Path.of("target", "kamailio-" + port + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(BINARY.toString(), "-f", cfg.toString(), "-DD", "-E", "-m", "64", "-M", "8",
                "-Y", dir.toString(), "-w", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        KamailioProxy proxy = new KamailioProxy(p, port, log);
        try {
            Awaitility.await("kamailio listening on 127.0.0.1:" + port).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("kamailio exited: " + Files.readString(log));
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** What Kamailio logged so far (for failure messages). */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
