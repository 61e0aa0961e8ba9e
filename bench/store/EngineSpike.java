/*
 * The engine spike behind docs/decisions/store-engine.md (SQLite vs H2), kept so the figures can be re-run. Not the
 * store: one table (id, payload), the same group-commit loop as the store's writer. Class path: sqlite-jdbc 3.54.1.0
 * and h2 2.5.252 (mvn dependency:get -Dartifact=com.h2database:h2:2.5.252 fetches H2, which the project does not use).
 *   java -cp SQLITE.jar:H2.jar EngineSpike.java bench ENGINE DIR SUBMITTERS SECONDS
 *   java -cp SQLITE.jar:H2.jar EngineSpike.java crash ENGINE DIR FIRST_ID        (commits for ever, prints ACK id)
 *   java -cp SQLITE.jar:H2.jar EngineSpike.java check ENGINE DIR ACK_FILE        (rows=N missing=M)
 *   java -cp SQLITE.jar:H2.jar EngineSpike.java size ENGINE DIR
 * ENGINE: sqlite-full, sqlite-normal, h2 (WRITE_DELAY=0), h2-default. See engine-crash-loop for the kill -9 rounds.
 */
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class EngineSpike {
    record P(long id, String payload, CompletableFuture<Void> f) {}
    static final BlockingQueue<P> Q = new ArrayBlockingQueue<>(10000);
    static Connection open(String engine, Path dir) throws Exception {
        Connection c;
        switch (engine) {
            case "sqlite-full", "sqlite-normal" -> {
                c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("s.db"));
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=" + (engine.endsWith("full") ? "FULL" : "NORMAL"));
                }
            }
            case "h2" -> c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("h") + ";WRITE_DELAY=0");
            case "h2-default" -> c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("h"));
            default -> throw new IllegalArgumentException(engine);
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (id BIGINT PRIMARY KEY, payload VARCHAR(4000) NOT NULL)");
        }
        c.setAutoCommit(false);
        c.commit();
        return c;
    }
    static void writer(Connection c) {
        Thread t = new Thread(() -> {
            List<P> batch = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(c.getMetaData().getURL().startsWith("jdbc:h2")
                    ? "MERGE INTO t KEY(id) VALUES (?, ?)" : "INSERT INTO t VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET payload = excluded.payload")) {
                while (true) {
                    batch.clear();
                    batch.add(Q.take());
                    Q.drainTo(batch, 511);
                    for (P p : batch) { ps.setLong(1, p.id); ps.setString(2, p.payload); ps.executeUpdate(); }
                    c.commit();
                    for (P p : batch) p.f.complete(null);
                }
            } catch (Exception e) { System.err.println("writer failed: " + e); System.exit(3); }
        }, "writer");
        t.setDaemon(true);
        t.start();
    }
    static String payload(long id) { return ("sip:watcher" + id + "@example.com;tag=" + id + " ").repeat(8); }
    public static void main(String[] a) throws Exception {
        String mode = a[0], engine = a[1];
        Path dir = Path.of(a[2]);
        Files.createDirectories(dir);
        Connection c = open(engine, dir);
        if (mode.equals("bench")) {
            int n = Integer.parseInt(a[3]); int secs = Integer.parseInt(a[4]);
            writer(c);
            AtomicLong count = new AtomicLong(); AtomicLong ids = new AtomicLong();
            long end = System.nanoTime() + secs * 1_000_000_000L;
            long warm = System.nanoTime() + 1_000_000_000L;
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> { try { while (System.nanoTime() < end) { long id = ids.incrementAndGet(); CompletableFuture<Void> f = new CompletableFuture<>(); Q.put(new P(id, payload(id), f)); f.get(); if (System.nanoTime() > warm) count.incrementAndGet(); } } catch (Exception e) { throw new RuntimeException(e);} });
                t.start(); ts.add(t);
            }
            for (Thread t : ts) t.join();
            System.out.printf("%s submitters=%d commits/s=%.0f%n", engine, n, count.get() / (secs - 1.0));
        } else if (mode.equals("crash")) {
            writer(c);
            AtomicLong ids = new AtomicLong(Long.parseLong(a[3]));
            for (int i = 0; i < 16; i++) {
                new Thread(() -> { try { while (true) { long id = ids.incrementAndGet(); CompletableFuture<Void> f = new CompletableFuture<>(); Q.put(new P(id, payload(id), f)); f.get(); synchronized (System.out) { System.out.println("ACK " + id); System.out.flush(); } } } catch (Exception e) { throw new RuntimeException(e);} }).start();
            }
            Thread.sleep(100000);
        } else if (mode.equals("check")) {
            Set<Long> have = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM t")) { while (r.next()) have.add(r.getLong(1)); }
            long missing = Files.readAllLines(Path.of(a[3])).stream().filter(l -> l.startsWith("ACK ")).map(l -> Long.parseLong(l.substring(4).trim())).filter(id -> !have.contains(id)).count();
            System.out.println("rows=" + have.size() + " missing=" + missing);
            c.close();
        } else if (mode.equals("size")) {
            try (PreparedStatement ps = c.prepareStatement(engine.startsWith("h2") ? "MERGE INTO t KEY(id) VALUES (?, ?)" : "INSERT INTO t VALUES (?, ?)")) {
                for (long id = 1; id <= 10000; id++) { ps.setLong(1, id); ps.setString(2, payload(id)); ps.executeUpdate(); }
            }
            c.commit();
            if (engine.startsWith("sqlite")) try (Statement s = c.createStatement()) { s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); }
            c.close();
            long total = 0; try (var st = Files.list(dir)) { for (Path p : st.toList()) total += Files.size(p); }
            System.out.println(engine + " bytes for 10k rows (" + payload(1).length() + " chars each): " + total);
        }
    }
}
