package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Limits;

/**
 * Issue 10: heap bounded under any input. Every limit is filled (subscriptions per watcher and in all, bindings per
 * AOR, NOTIFYs unanswered per destination), then three times as many requests go beyond them: all refused, the
 * heap after a collection stays flat and the server answers.
 */
class HeapBoundedIT {

    private static final Limits LIMITS = new Limits(20, 400, 3, 1_000_000, 4);
    private static final long FLAT = 8L << 20;

    @Test
    @DisplayName("SEC-05: every limit filled, then 3x beyond: refused, heap flat, server alive")
    void everyLimitFilled_thenHammered_heapFlatAndAlive() throws Exception {
        try (TortureFixture fx = new TortureFixture("127.0.0.1", s -> s.setLimits(LIMITS));
             DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            Map<Integer, Integer> filled = send(fx, silent, 0, LIMITS.subscriptionsTotal(),
                    LIMITS.subscriptionsPerWatcher());
            assertEquals(LIMITS.subscriptionsTotal(), filled.getOrDefault(200, 0), "filled: " + filled);
            assertEquals(LIMITS.subscriptionsTotal(), fx.server.activeSubscriptions());
            assertTrue(fx.server.pendingNotifiesToward("127.0.0.2:" + silent.getLocalPort() + "/udp")
                    <= LIMITS.pendingNotifiesPerDestination());
            long before = heapAfterGc();

            Map<Integer, Integer> beyond = send(fx, silent, 100_000, 3 * LIMITS.subscriptionsTotal(), 100);
            assertEquals(0, beyond.getOrDefault(200, 0), "nothing beyond the limits is taken: " + beyond);
            assertTrue(beyond.getOrDefault(503, 0) + beyond.getOrDefault(403, 0) >= 3 * LIMITS.subscriptionsTotal()
                    - 10, "refused: " + beyond);
            assertEquals(LIMITS.subscriptionsTotal(), fx.server.activeSubscriptions());
            long after = heapAfterGc();
            assertTrue(after - before < FLAT, "heap grew by " + (after - before) / 1024 + " KiB");
            Map<Integer, Integer> options = send(fx, silent, -1, 1, 1);
            assertEquals(1, options.getOrDefault(200, 0), "alive: " + options);
        }
    }

    private static final Limits PUBLICATION_LIMITS = new Limits(200, 500_000, 10, 1_000_000, 32, 3, 150);

    @Test
    @DisplayName("SEC-05: publications filled per AOR and in all, then 3x beyond: refused or replacing, heap flat")
    void publicationLimitsFilled_thenHammered_heapFlatAndAlive() throws Exception {
        try (TortureFixture fx = new TortureFixture("127.0.0.1", s -> s.setLimits(PUBLICATION_LIMITS));
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            int total = PUBLICATION_LIMITS.publicationsTotal();
            int perAor = PUBLICATION_LIMITS.publicationsPerAor();
            // 50 presentities with 3 publications each: both limits reached.
            Map<Integer, Integer> filled = publish(fx, socket, 0, total, perAor);
            assertEquals(Map.of(200, total), filled);
            assertEquals(total, fx.publications.size());
            long before = heapAfterGc();

            Map<Integer, Integer> beyond = publish(fx, socket, 10_000, 3 * total, 1);
            assertEquals(Map.of(503, 3 * total), beyond, "new presentities beyond publications_total: 503");
            // One presentity at its limit publishing anew without end: each replaces its oldest, nothing grows.
            Map<Integer, Integer> replacing = publish(fx, socket, 20_000, 3 * total, 3 * total);
            assertEquals(Map.of(200, 3 * total), replacing);
            assertEquals(total, fx.publications.size());
            long after = heapAfterGc();
            assertTrue(after - before < FLAT, "heap grew by " + (after - before) / 1024 + " KiB");
        }
    }

    /**
     * Sends {@code n} initial PUBLISHes numbered from {@code first}, {@code per} to each presentity
     * ({@code p<k/per>@example.com}); returns the count of each final status.
     */
    private static Map<Integer, Integer> publish(TortureFixture fx, DatagramSocket socket, int first, int n,
                                                 int per) throws IOException {
        return exchange(fx, socket, first, first + n, k -> "p" + k + "@heap", (k, port) -> {
            String aor = "p" + (k / per) + "@example.com";
            String body = "<presence xmlns='urn:ietf:params:xml:ns:pidf' entity='sip:" + aor + "'><tuple id='t" + k
                    + "'><status><basic>open</basic></status><note>" + "x".repeat(200) + "</note></tuple></presence>";
            return List.of(request("PUBLISH", "sip:" + aor, aor, "p" + k, k, port,
                    "Event: presence\r\nExpires: 600\r\nContent-Type: application/pidf+xml\r\n")
                    .replace("Content-Length: 0\r\n\r\n", "Content-Length: "
                            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body));
        });
    }

    /**
     * Sends {@code n} requests from {@code socket} starting at number {@code first}: SUBSCRIBEs from watchers of
     * {@code per} each interleaved with REGISTERs that add a binding to one of 50 AORs ({@code first} -1: one
     * OPTIONS); returns the count of each final status of the SUBSCRIBEs (and the OPTIONS).
     */
    private static Map<Integer, Integer> send(TortureFixture fx, DatagramSocket socket, int first, int n, int per)
            throws IOException {
        socket.setReceiveBufferSize(4 << 20);
        return exchange(fx, socket, first, first + n, HeapBoundedIT::callId, (k, port) -> List.of(
                first < 0 ? request("OPTIONS", "sip:x@example.com", "o", "o", 1, port, "")
                        : request("SUBSCRIBE", "sip:bob@example.com", "w" + (k / per) + "@example.com", "s" + k, k,
                        port, "Event: presence\r\nExpires: 120\r\n"),
                request("REGISTER", "sip:example.com", "u" + (k % 50) + "@example.com", "r" + k, k, port,
                        "Contact: <sip:c" + k + "@127.0.0.2:" + port + ">;expires=600\r\n")));
    }

    /** The messages of request {@code k} from the socket bound to {@code port}; the first one's answer counts. */
    private interface Requests {
        List<String> of(int k, int port);
    }

    /**
     * Sends requests {@code from} .. {@code to - 1}, 200 at a time; returns the count of each final status of those
     * whose Call-ID {@code callIdOf} names. Like any UDP client it sends a request again (same branch: the server
     * answers again) while no final answer came, so an answer lost in this socket's receive buffer, full of
     * NOTIFYs, does not fail the test.
     */
    private static Map<Integer, Integer> exchange(TortureFixture fx, DatagramSocket socket, int from, int to,
                                                  IntFunction<String> callIdOf, Requests requests)
            throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", fx.server.port());
        Map<String, Integer> answers = new HashMap<>();
        int port = socket.getLocalPort();
        for (int start = from; start < to; start += 200) {
            int end = Math.min(to, start + 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long resendAt = 0;
            while (answered(answers, callIdOf, start, end) < end - start) {
                assertTrue(System.nanoTime() - deadline < 0, "answers to requests " + start + ".." + end + ": "
                        + answered(answers, callIdOf, start, end));
                if (System.nanoTime() - resendAt > 0) {
                    for (int k = start; k < end; k++) {
                        if (answers.containsKey(callIdOf.apply(k))) {
                            continue;
                        }
                        for (String m : requests.of(k, port)) {
                            byte[] b = m.getBytes(StandardCharsets.UTF_8);
                            socket.send(new DatagramPacket(b, b.length, server));
                        }
                    }
                    resendAt = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
                drain(socket, answers);
            }
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.values().forEach(status -> statuses.merge(status, 1, Integer::sum));
        return statuses;
    }

    /** The Call-ID of request {@code k} (-1: the OPTIONS). */
    private static String callId(int k) {
        return (k < 0 ? "o" : "s" + k) + "@heap";
    }

    private static int answered(Map<String, Integer> answers, IntFunction<String> callIdOf, int start, int end) {
        int n = 0;
        for (int k = start; k < end; k++) {
            n += answers.containsKey(callIdOf.apply(k)) ? 1 : 0;
        }
        return n;
    }

    /** Records final answers to SUBSCRIBE or OPTIONS that arrived, by Call-ID; NOTIFYs are never answered. */
    private static void drain(DatagramSocket socket, Map<String, Integer> answers) throws IOException {
        byte[] buf = new byte[8192];
        socket.setSoTimeout(20);
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String text = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
                if (text.startsWith("SIP/2.0 ") && text.charAt(8) >= '2'
                        && (text.contains(" SUBSCRIBE\r\n") || text.contains(" OPTIONS\r\n")
                        || text.contains(" PUBLISH\r\n"))) {
                    int status = Integer.parseInt(text.substring(8, 11));
                    RawUdpPeer.header(text, "Call-ID").ifPresent(id -> answers.put(id, status));
                }
            }
        } catch (SocketTimeoutException e) {
            // drained for now
        }
    }

    private static String request(String method, String uri, String from, String callId, int cseq, int port,
                                  String extra) {
        String user = from.contains("@") ? "sip:" + from : "sip:" + from + "@example.com";
        return method + " " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:" + port + ";branch=z9hG4bK" + callId
                + ";rport\r\nMax-Forwards: 70\r\nFrom: <" + user + ">;tag=t" + callId + "\r\nTo: <"
                + (method.equals("REGISTER") ? user : uri) + ">\r\nCall-ID: " + callId + "@heap\r\nCSeq: "
                + (cseq + 1) + " " + method + "\r\n" + (method.equals("REGISTER") ? ""
                : "Contact: <sip:w@127.0.0.2:" + port + ">\r\n") + extra
                + "Content-Length: 0\r\n\r\n";
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
