package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.presencegw.xmpp.TlsMode;
import org.presencegw.xmpp.XmppCredentials;
import org.presencegw.xmpp.XmppEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Prosody (the Debian {@code /usr/bin/prosody}, 0.12) for integration tests: its own temporary config and
 * data directory, c2s on a free loopback port, no s2s, no HTTP, log in {@link #logFile()}. It is started as a child
 * process ({@code prosody --config CFG -F}) and only that process is ever signalled, by its PID; a system Prosody on
 * 5222 is never touched.
 *
 * <pre>{@code
 * try (ProsodyServer prosody = ProsodyServer.builder().tls(true).start()) {   // or ProsodyServer.startDefault()
 *     prosody.createAccount("alice", "secret");
 *     prosody.createAccount("bob", "secret");
 *     prosody.makeMutualContacts("alice", "bob");            // subscription "both", before the logins
 *     XmppEndpoint endpoint = prosody.endpoint("gw");          // 127.0.0.1:port, trusted self-signed cert if TLS
 *     try (XmppTestClient bob = XmppTestClient.login(prosody, "bob", "secret", "r1")) {
 *         bob.setPresence(Show.AWAY, "lunch", 5);
 *         ... open the account under test with endpoint + prosody.credentialsFor("alice", "secret") ...
 *     }
 *     prosody.stop();  prosody.start();                       // restart: same port, same data
 *     prosody.kill();                                         // kill -9 of this Prosody only
 * }                                                           // close(): stop + delete the temp directory
 * }</pre>
 *
 * <p>Accounts and rosters are changed through {@code prosodyctl --config CFG shell} (mod_admin_shell), so they need
 * the server running and take about 40 ms each. Stored passwords are plain ({@code internal_plain}); SCRAM-SHA-1
 * and PLAIN both work. If {@code prosody} is not installed, {@link Builder#start()} throws
 * {@link IllegalStateException} saying so (a missing Prosody fails the build, it does not skip tests).
 */
public final class ProsodyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProsodyServer.class);
    private static final Path PROSODY = Path.of("/usr/bin/prosody");
    private static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final DomainBareJid domain;
    private final boolean tls;
    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;

    /** Options: the XMPP domain (default {@code jabber.test}) and STARTTLS (default off). */
    public static final class Builder {
        private String domain = "jabber.test";
        private boolean tls;

        private Builder() {
        }

        public Builder domain(String value) {
            this.domain = Objects.requireNonNull(value, "domain");
            return this;
        }

        /**
         * TLS on: a self-signed certificate for the domain (SAN DNS:domain, made with {@code openssl req -x509}),
         * STARTTLS required by the server ({@code c2s_require_encryption = true}). Off: tls module disabled,
         * plaintext allowed.
         */
        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        /** Writes the config and starts Prosody; returns when its c2s port accepts connections. */
        public ProsodyServer start() {
            ProsodyServer server = new ProsodyServer(domain, tls);
            server.start();
            return server;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plaintext server for {@code jabber.test}. */
    public static ProsodyServer startDefault() {
        return builder().start();
    }

    private ProsodyServer(String domainName, boolean tls) {
        if (!Files.isExecutable(PROSODY) || !Files.isExecutable(PROSODYCTL)) {
            throw new IllegalStateException("Prosody is not installed (" + PROSODY + ", " + PROSODYCTL
                    + "): integration tests need the Debian package 'prosody' (apt-get install prosody)");
        }
        try {
            this.domain = JidCreate.domainBareFrom(domainName);
            this.tls = tls;
            this.dir = Files.createTempDirectory("prosody-test-");
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("certs"));
            this.port = freePort();
            if (tls) {
                generateCertificate();
            }
            this.config = dir.resolve("prosody.cfg.lua");
            Files.writeString(config, ProsodyConfigs.render(dir, port, domainName, tls));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("bad domain " + domainName, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Prosody in a temp dir", e);
        }
    }

    /** Starts (or restarts, after {@link #stop()} or {@link #kill()}) on the same port with the same data. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(PROSODY.toString(), "--config", config.toString(), "-F")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PROSODY, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "did not open port " + port : "exited with " + process.exitValue();
                process.destroyForcibly();
                throw new IllegalStateException("Prosody " + why + "; log:\n" + tail(logFile()) + tail(stdoutFile()));
            }
            pause(Duration.ofMillis(30));
        }
        LOG.info("Prosody pid {} listening on {}:{} for {} (tls={}), dir {}", pid(), HOST, port, domain, tls, dir);
    }

    /** SIGTERM to this Prosody's PID and wait for it to exit (SIGKILL after 10 s). */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        waitForExit("stop");
    }

    /** kill -9 of this Prosody's PID (a crash), then wait for it to be gone. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        waitForExit("kill");
    }

    private void waitForExit(String how) {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Prosody pid {} {}ped", process.pid(), how);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** PID of the running Prosody. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Prosody never started");
        }
        return process.pid();
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public DomainBareJid domain() {
        return domain;
    }

    public boolean tls() {
        return tls;
    }

    /** The self-signed PEM certificate when TLS is on, for {@link XmppEndpoint#trustedCert()}. */
    public Optional<Path> certificate() {
        return tls ? Optional.of(certificatePath()) : Optional.empty();
    }

    public Path directory() {
        return dir;
    }

    public Path configFile() {
        return config;
    }

    public Path logFile() {
        return dir.resolve("prosody.log");
    }

    /**
     * An endpoint for this server: loopback IP, TLS REQUIRED with the trusted self-signed cert (or DISABLED),
     * reconnect delay 1 s.
     */
    public XmppEndpoint endpoint(String resource) {
        return new XmppEndpoint(HOST, port, domain, tls ? TlsMode.REQUIRED : TlsMode.DISABLED, certificate(),
                resource, Duration.ofSeconds(1));
    }

    public EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + domain);
    }

    public XmppCredentials credentialsFor(String user, String password) {
        return new XmppCredentials(jid(user), password);
    }

    /** Creates the account (the server must be running). */
    public EntityBareJid createAccount(String user, String password) {
        shell("assert(require\"core.usermanager\".create_user(" + lua(user) + "," + lua(password) + ","
                + lua(domain.toString()) + ")); return \"created\"");
        return jid(user);
    }

    /** Changes an existing account's password (sessions already logged in stay). */
    public void setPassword(String user, String password) {
        shell("assert(require\"core.usermanager\".set_password(" + lua(user) + "," + lua(password) + ","
                + lua(domain.toString()) + ")); return \"changed\"");
    }

    /**
     * Puts each user into the other's roster with subscription "both" (no groups). Works on a running server: a
     * user already logged in gets a roster push (RFC 6121 2.1.6) and the server routes presence by the new roster
     * from then on (ProsodyServerIT checks both). Nobody is probed, though: presence sent before the change is not
     * delivered again. Call it before the logins, or have the contact send its presence afterwards.
     */
    public void makeMutualContacts(String a, String b) {
        shell("local rm=require\"core.rostermanager\"; local H=" + lua(domain.toString())
                + "; local function add(u,c) local r=rm.load_roster(u,H); r[c..\"@\"..H]={subscription=\"both\","
                + "groups={},name=c}; r[false]=r[false] or {pending={}}; r[false].version=(r[false].version or 0)+1;"
                + " assert(rm.save_roster(u,H,r)); rm.roster_push(u,H,c..\"@\"..H) end; add(" + lua(a) + "," + lua(b)
                + "); add(" + lua(b) + "," + lua(a) + "); return \"contacts\"");
    }

    /**
     * Runs one line of Lua inside the running server ({@code prosodyctl shell}, mod_admin_shell) and returns the
     * console output. Throws if the output reports an error.
     */
    public String shell(String luaLine) {
        if (luaLine.contains("\n")) {
            throw new IllegalArgumentException("one console line only");
        }
        if (!isRunning()) {
            throw new IllegalStateException("Prosody is not running");
        }
        try {
            Process ctl = new ProcessBuilder(PROSODYCTL.toString(), "--config", config.toString(), "shell")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            ctl.getOutputStream().write(("> " + luaLine + "\n").getBytes(StandardCharsets.UTF_8));
            ctl.getOutputStream().close();
            String out = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ctl.waitFor(20, TimeUnit.SECONDS)) {
                ctl.destroyForcibly();
                throw new IllegalStateException("prosodyctl shell hung");
            }
            if (!out.contains("Result:") || out.contains("rror")) {
                throw new IllegalStateException("prosodyctl shell failed for [" + luaLine + "]:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("prosodyctl shell", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops this Prosody and deletes its temp directory. */
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
        return "ProsodyServer[" + domain + " " + HOST + ":" + port + (tls ? " tls" : "") + " " + dir + "]";
    }

    private Path certificatePath() {
        return dir.resolve("certs").resolve(domain + ".crt");
    }

    private Path stdoutFile() {
        return dir.resolve("stdout.log");
    }

    private void generateCertificate() throws IOException {
        Path key = dir.resolve("certs").resolve(domain + ".key");
        List<String> command = List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", certificatePath().toString(), "-days", "3",
                "-subj", "/CN=" + domain, "-addext", "subjectAltName=DNS:" + domain);
        try {
            Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (openssl.waitFor() != 0) {
                throw new IllegalStateException("openssl failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, 0));
            return socket.getLocalPort();
        }
    }

    /** A Lua string literal. */
    static String lua(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\%03d", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())) + "\n";
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")\n";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
