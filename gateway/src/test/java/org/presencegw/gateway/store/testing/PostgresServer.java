package org.presencegw.gateway.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.presencegw.gateway.config.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away PostgreSQL 15 (Debian {@code postgresql}) for integration tests, as STACK-NOTES section 9 describes:
 * {@code initdb} into a temp directory ({@code -A trust}, superuser {@value #USER}, UTF8, C locale), {@code pg_ctl}
 * start on a free loopback port with its own socket directory, only on 127.0.0.1. The server refuses to run as root,
 * so as root every binary runs through {@code runuser -u postgres --} and the directory belongs to {@code postgres}.
 * Only the server this object started is ever signalled, by the PID in its own {@code postmaster.pid}.
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     StoreSettings settings = pg.settings(pg.createDatabase("gw1"));   // jdbc:postgresql://127.0.0.1:PORT/gw1
 *     ...
 *     pg.stop();  pg.start();     // clean restart: same port, same data
 *     pg.kill();  pg.start();     // kill -9 of the postmaster and its backends, then crash recovery
 * }                               // close(): stop + delete the directory
 * }</pre>
 *
 * Not thread-safe: one test drives it.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "gw";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Path dir;
    private final boolean asRoot;
    private int port;

    private PostgresServer(Path dir, boolean asRoot) {
        this.dir = dir;
        this.asRoot = asRoot;
    }

    /** initdb + start; throws (it does not skip) when PostgreSQL 15 is not installed. */
    public static PostgresServer start() {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (" + BIN.resolve("initdb")
                    + "): integration tests need the Debian package 'postgresql' (see scripts/prereqs)");
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        PostgresServer server;
        try {
            Path dir = Files.createTempDirectory("pg-test-");
            server = new PostgresServer(dir, asRoot);
            if (asRoot) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a PostgreSQL directory", e);
        }
        server.run("initdb", List.of("-D", server.dataDir().toString(), "-A", "trust", "-U", USER, "--no-sync",
                "-E", "UTF8", "--locale=C"));
        for (int attempt = 1; ; attempt++) {
            server.port = freePort();
            try {
                server.start0();
                return server;
            } catch (IllegalStateException e) {
                if (attempt == 3) {
                    server.close();
                    throw e;
                }
                LOG.info("PostgreSQL did not start on port {} ({}); another port", server.port, e.getMessage());
            }
        }
    }

    /** Starts again after {@link #stop()} or {@link #kill()}: same port, same data (crash recovery after a kill). */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("already running");
        }
        start0();
    }

    private void start0() {
        run("pg_ctl", List.of("-D", dataDir().toString(), "-o", "-p " + port + " -k " + dir
                + " -c listen_addresses=127.0.0.1", "-l", dir.resolve("log").toString(), "-w", "-t", "60", "start"));
        LOG.info("PostgreSQL pid {} on 127.0.0.1:{}, data {}", pid().orElse(-1L), port, dataDir());
    }

    /** Clean shutdown ({@code pg_ctl stop -m fast}); kills by PID if that fails. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        try {
            run("pg_ctl", List.of("-D", dataDir().toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        } catch (IllegalStateException e) {
            LOG.warn("pg_ctl stop failed ({}); killing", e.getMessage());
            kill();
        }
    }

    /** {@code kill -9} of this server's postmaster and every process under it (a crash), then waits for them. */
    public void kill() {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get());
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
        all.add(0, postmaster.get());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("process " + p.pid() + " did not die", e);
            }
        }
        LOG.info("PostgreSQL pid {} killed with SIGKILL ({} processes)", pid.get(), all.size());
    }

    /** True while the postmaster named in this server's {@code postmaster.pid} is alive. */
    public boolean isRunning() {
        return pid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The postmaster's PID from {@code postmaster.pid}, if the file is there. */
    public Optional<Long> pid() {
        try {
            List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public int port() {
        return port;
    }

    public Path directory() {
        return dir;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Store settings for {@code database} as user {@value #USER} (trust authentication: no password needed). */
    public StoreSettings.Postgresql settings(String database) {
        return new StoreSettings.Postgresql(url(database), Optional.of(USER), Optional.empty());
    }

    /** Creates a database (the server must be running) and returns its name. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("plain lower-case names only: " + name);
        }
        execute("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** Runs one SQL statement as {@value #USER} on {@code database}. */
    public void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + url(database) + ": " + sql, e);
        }
    }

    /** A plain connection (auto-commit) as {@value #USER}. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        Connection c = new org.postgresql.Driver().connect(url(database), p);
        if (c == null) {
            throw new SQLException("driver refused " + url(database));
        }
        return c;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[127.0.0.1:" + port + " " + dir + "]";
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    /** Runs a PostgreSQL binary (as postgres when we are root) and fails with its output if it fails. */
    private void run(String binary, List<String> args) {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(BIN.resolve(binary).toString());
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(binary + " hung");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(binary + " failed (" + p.exitValue() + "): " + out.strip()
                        + tail(dir.resolve("log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\nlog:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
