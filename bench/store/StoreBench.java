import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.presencegw.gateway.config.StoreSettings;
import org.presencegw.gateway.store.GatewayStore;
import org.presencegw.gateway.store.Stores;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.SubscriptionRow;

/**
 * Store throughput and size (issue 9), run by bench/store/run with gateway/target/gateway.jar on the class path:
 * <pre>
 *   java -cp gateway.jar StoreBench.java rate embedded DIR SUBMITTERS SECONDS
 *   java -cp gateway.jar StoreBench.java rate postgresql URL USER SUBMITTERS SECONDS
 *   java -cp gateway.jar StoreBench.java size embedded DIR ROWS
 *   java -cp gateway.jar StoreBench.java size postgresql URL USER ROWS
 * </pre>
 * rate: SUBMITTERS threads each commit one new subscription and wait for it (as a SUBSCRIBE waits for its 2xx),
 * in a loop; the first second is warm-up; prints commits/s and the commit latency percentiles.
 * size: commits ROWS subscriptions (500 per commit), closes the store, prints the bytes they take.
 */
public final class StoreBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        boolean embedded = args[1].equals("embedded");
        StoreSettings settings = embedded ? new StoreSettings.Embedded(Path.of(args[2]))
                : new StoreSettings.Postgresql(args[2], Optional.of(args[3]), Optional.empty());
        int rest = embedded ? 3 : 4;
        if (mode.equals("rate")) {
            rate(settings, args[1], Integer.parseInt(args[rest]), Integer.parseInt(args[rest + 1]));
        } else {
            size(settings, args[1], Integer.parseInt(args[rest]), embedded ? Path.of(args[2]) : null);
        }
    }

    static SubscriptionRow row(long id) {
        String watcher = "sip:user" + id + "@registrar.test";
        return new SubscriptionRow(Long.toHexString(id * 0x9E3779B97F4A7C15L) + "-4f1c2d9e@192.0.2.10",
                "gw" + Long.toHexString(id), "ua" + id, "sip:user" + (id % 1000) + "@jabber.test", watcher, 1000 + id,
                1, List.of("<sip:192.0.2.1;lr>", "<sip:edge.example.com;transport=tcp;lr>"),
                "sip:user" + id + "@192.0.2.10:5062;transport=udp", "udp", "192.0.2.10", 5062, Optional.empty(),
                "presence", "application/pidf+xml", "", watcher, "sip:user" + (id % 1000) + "@jabber.test", "ACTIVE",
                System.currentTimeMillis() + 3_600_000, 1);
    }

    static void rate(StoreSettings settings, String engine, int submitters, int seconds) throws Exception {
        try (GatewayStore store = Stores.open(settings, Path.of(""))) {
            AtomicLong ids = new AtomicLong();
            long start = System.nanoTime();
            long warm = start + 1_000_000_000L;
            long end = start + seconds * 1_000_000_000L;
            List<long[]> latencies = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                long[] mine = new long[Math.max(10_000, 4_000_000 / submitters)];
                latencies.add(mine);
                Thread thread = new Thread(() -> {
                    int n = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        long id = ids.incrementAndGet();
                        store.commit(List.of(new SipChange.PutSubscription(row(id)))).toCompletableFuture().join();
                        if (t0 >= warm && n < mine.length - 1) {
                            mine[++n] = System.nanoTime() - t0;
                        }
                    }
                    mine[0] = n;
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long[] all = latencies.stream().flatMapToLong(l -> Arrays.stream(l, 1, (int) l[0] + 1)).sorted()
                    .toArray();
            if (all.length == 0) {
                System.out.printf("rate %s submitters=%d: no commit completed after the warm-up%n", engine,
                        submitters);
                return;
            }
            System.out.printf("rate %s submitters=%d commits/s=%.0f p50=%.2fms p99=%.2fms%n", engine, submitters,
                    all.length / (seconds - 1.0), all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
        }
    }

    static void size(StoreSettings settings, String engine, int rows, Path dir) throws Exception {
        long before = 0;
        try (GatewayStore store = Stores.open(settings, Path.of(""))) {
            if (dir == null) {
                before = pgBytes(settings);
            }
            List<SipChange> batch = new ArrayList<>();
            for (long id = 1; id <= rows; id++) {
                batch.add(new SipChange.PutSubscription(row(id)));
                if (batch.size() == 500) {
                    store.commit(List.copyOf(batch)).toCompletableFuture().join();
                    batch.clear();
                }
            }
            store.commit(List.copyOf(batch)).toCompletableFuture().join();
            if (dir == null) {
                System.out.printf("size %s rows=%d bytes=%d (sip_subscription with its primary key index)%n",
                        engine, rows, pgBytes(settings) - before);
                return;
            }
        }
        long bytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                bytes += f.getFileName().toString().startsWith("presencegw.db") ? Files.size(f) : 0;
            }
        }
        System.out.printf("size %s rows=%d bytes=%d (whole database file after close; empty schema included)%n",
                engine, rows, bytes);
    }

    static long pgBytes(StoreSettings settings) throws Exception {
        StoreSettings.Postgresql pg = (StoreSettings.Postgresql) settings;
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", pg.user().orElseThrow());
        try (var c = new org.postgresql.Driver().connect(pg.url(), p); var s = c.createStatement();
             var r = s.executeQuery("SELECT pg_total_relation_size('sip_subscription')")) {
            r.next();
            return r.getLong(1);
        }
    }
}
