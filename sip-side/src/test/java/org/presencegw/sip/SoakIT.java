package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.Mutations;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;
import org.slf4j.LoggerFactory;

/**
 * The bounded soak of issue 10 on loopback: {@code soak.datagrams} malformed or random datagrams (default 50,000
 * in CI; {@code scripts/soak} sends 1,000,000) from 127.0.0.2..9, plus a garbage TCP stream per 1,000 datagrams,
 * while a JAIN-SIP watcher on 127.0.0.1 keeps its subscription and gets a NOTIFY for every state change made during
 * the flood. Afterwards the heap after a collection is back near its baseline, every thread that was alive before
 * is alive, and the log stayed small. The figures go to {@code target/soak-figures.txt}.
 */
class SoakIT {

    private static final int DATAGRAMS = Integer.getInteger("soak.datagrams", 50_000);
    private static final long HEAP_SLACK = 32L << 20;

    @Test
    void flood_watcherKeepsSubscriptionAndNotifies_heapBackNearBaseline_threadsAlive() throws Exception {
        LogBytes logBytes = new LogBytes();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logBytes.start();
        root.addAppender(logBytes);
        try (ServerFixture fx = new ServerFixture(); SipTestAgent watcher = fx.agent(Transport.UDP)) {
            fx.source.state("bob", ServerFixture.known(Basic.OPEN, "start"));
            SubscriptionHandle h = watcher.subscribe(ServerFixture.BOB, ServerFixture.ALICE, 120, Map.of());
            assertEquals(200, watcher.awaitResponse(ServerFixture.WAIT).getStatusCode());
            watcher.awaitNotify(ServerFixture.WAIT);
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            long heapBefore = heapAfterGc();
            long logBefore = logBytes.bytes.get();

            long started = System.nanoTime();
            int changes = flood(fx);
            long millis = (System.nanoTime() - started) / 1_000_000;

            ReceivedNotify last = watcher.awaitNotify("the last change", Duration.ofSeconds(30),
                    n -> n.body().contains("change " + changes));
            assertEquals("active", last.state());
            watcher.refresh(h, 120);
            assertEquals(200, watcher.awaitResponse(Duration.ofSeconds(10)).getStatusCode(), "subscription kept");
            List<String> dead = before.stream().filter(t -> !t.isAlive())
                    .map(Thread::getName).toList();
            assertTrue(dead.isEmpty(), "threads ended: " + dead);
            long[] heapAfter = new long[1];
            Awaiting.within(Duration.ofSeconds(30), "heap back near its baseline").until(() -> {
                heapAfter[0] = heapAfterGc();
                return heapAfter[0] < heapBefore + HEAP_SLACK;
            });
            long logged = logBytes.bytes.get() - logBefore;
            String figures = String.format("datagrams=%d tcpStreams=%d seconds=%.1f stateChanges=%d "
                    + "heapBeforeMiB=%.1f heapAfterMiB=%.1f logBytes=%d logLines=%d%n", DATAGRAMS, DATAGRAMS / 1000,
                    millis / 1000.0, changes, heapBefore / 1048576.0, heapAfter[0] / 1048576.0, logged,
                    logBytes.lines.get());
            Files.writeString(Path.of("target", "soak-figures.txt"), figures);
            LoggerFactory.getLogger(SoakIT.class).warn("soak: {}", figures.trim());
            assertTrue(logged < 64 * 1024, "log written during the flood: " + logged + " bytes");
        } finally {
            root.detachAppender(logBytes);
        }
    }

    /** Sends the datagrams and TCP streams; the source changes state every 2,000 datagrams. Returns changes. */
    private static int flood(ServerFixture fx) throws IOException {
        List<byte[]> corpus = new ArrayList<>(Mutations.corpus(SoakIT.class, "/fuzz/sip"));
        corpus.addAll(Mutations.corpus(SoakIT.class, "/sip-torture"));
        Random rnd = new Random(4475);
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), fx.server.port());
        List<DatagramSocket> sockets = new ArrayList<>();
        int changes = 0;
        try {
            for (int i = 2; i <= 9; i++) {
                sockets.add(new DatagramSocket(new InetSocketAddress("127.0.0." + i, 0)));
            }
            for (int n = 0; n < DATAGRAMS; n++) {
                byte[] d = rnd.nextInt(4) == 0 ? randomBytes(rnd) : Mutations.random(corpus.get(rnd.nextInt(
                        corpus.size())), 6, rnd);
                sockets.get(n % sockets.size()).send(new DatagramPacket(d, d.length, server));
                if (n % 1000 == 999) {
                    garbageStream(server, rnd);
                }
                if (n % 2000 == 1999) {
                    changes++;
                    fx.server.publish(fx.source.viewOf(ServerFixture.BOB),
                            ServerFixture.known(Basic.OPEN, "change " + changes));
                }
            }
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
        return changes;
    }

    private static byte[] randomBytes(Random rnd) {
        byte[] b = new byte[1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 65_000 : 1500)];
        rnd.nextBytes(b);
        return b;
    }

    private static void garbageStream(InetSocketAddress server, Random rnd) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, 2000);
            OutputStream out = s.getOutputStream();
            byte[] garbage = new byte[1 + rnd.nextInt(32_768)];
            rnd.nextBytes(garbage);
            out.write("INVITE sip:x SIP/2.0\r\nContent-Length: 99999999\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.write(garbage);
        } catch (IOException e) {
            // a connection the server refused or reset under load is fine
        }
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Counts what the logging system writes (formatted message plus a 60-byte line prefix). */
    private static final class LogBytes extends AppenderBase<ILoggingEvent> {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong lines = new AtomicLong();

        @Override
        protected void append(ILoggingEvent e) {
            lines.incrementAndGet();
            bytes.addAndGet(60 + e.getFormattedMessage().length()
                    + (e.getThrowableProxy() == null ? 0 : 2000));
        }
    }
}
