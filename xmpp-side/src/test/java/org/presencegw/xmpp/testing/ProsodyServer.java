package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
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
 *
 * <p>Timings logged by XmppTestServerIT (shared 2-core box, load average up to 9): start 0.1-0.5 s, stop 10-30 ms,
 * an account or a mutual pair 60-130 ms. The same tests run against ejabberd through {@link XmppServerKind}.
 */
public final class ProsodyServer implements XmppTestServer {
    private static final Logger LOG = LoggerFactory.getLogger(ProsodyServer.class);
    private static final Path PROSODY = Path.of("/usr/bin/prosody");
    private static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final DomainBareJid domain;
    private final boolean tls;
    private final Path dir;
    private final Path config;
    private final int port;
    private final ServerProcess process = new ServerProcess("Prosody");

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
            return ServerProcess.startedOrClosed(new ProsodyServer(domain, tls));
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
            this.port = Loopback.freePort();
            if (tls) {
                SelfSignedCertificate.create(domainName, certificatePath(),
                        dir.resolve("certs").resolve(domain + ".key"));
            }
            this.config = dir.resolve("prosody.cfg.lua");
            Files.writeString(config, ProsodyConfigs.render(dir, port, domainName, tls));
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("bad domain " + domainName, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Prosody in a temp dir", e);
        }
    }

    @Override
    public String name() {
        return "prosody";
    }

    @Override
    public void start() {
        ProcessBuilder command = new ProcessBuilder(PROSODY.toString(), "--config", config.toString(), "-F")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutFile().toFile()));
        boolean wasRunning = process.isRunning();
        process.start(command, START_TIMEOUT, "open port " + port, () -> Loopback.accepts(port),
                () -> ServerProcess.tail(logFile()) + ServerProcess.tail(stdoutFile()));
        if (!wasRunning) {
            LOG.info("Prosody pid {} listening on {}:{} for {} (tls={}), dir {}", pid(), host(), port, domain, tls,
                    dir);
        }
    }

    @Override
    public void stop() {
        process.stop();
    }

    @Override
    public void kill() {
        process.kill();
    }

    @Override
    public boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public String host() {
        return Loopback.HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public DomainBareJid domain() {
        return domain;
    }

    @Override
    public boolean tls() {
        return tls;
    }

    @Override
    public Optional<Path> certificate() {
        return tls ? Optional.of(certificatePath()) : Optional.empty();
    }

    @Override
    public Path directory() {
        return dir;
    }

    public Path configFile() {
        return config;
    }

    @Override
    public Path logFile() {
        return dir.resolve("prosody.log");
    }

    @Override
    public EntityBareJid createAccount(String user, String password) {
        shell("assert(require\"core.usermanager\".create_user(" + lua(user) + "," + lua(password) + ","
                + lua(domain.toString()) + ")); return \"created\"");
        return jid(user);
    }

    @Override
    public void setPassword(String user, String password) {
        shell("assert(require\"core.usermanager\".set_password(" + lua(user) + "," + lua(password) + ","
                + lua(domain.toString()) + ")); return \"changed\"");
    }

    /**
     * Puts each user into the other's roster with subscription "both" (no groups). Works on a running server: a
     * user already logged in gets a roster push (RFC 6121 2.1.6) and the server routes presence by the new roster
     * from then on (XmppTestServerIT checks both). Nobody is probed, though: presence sent before the change is not
     * delivered again. Call it before the logins, or have the contact send its presence afterwards.
     */
    @Override
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
        // Prosody opens its admin socket a little after its c2s port: under load the first shell can come too
        // early ("Unable to connect to server"); that, and only that, is tried again for a while.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (!isRunning()) {
                throw new IllegalStateException("Prosody is not running");
            }
            String out = shellOnce(luaLine);
            if (out.contains("Result:") && !out.contains("rror")) {
                return out;
            }
            if (!out.contains("Unable to connect to server") || System.nanoTime() > deadline) {
                throw new IllegalStateException("prosodyctl shell failed for [" + luaLine + "]:\n" + out);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200); // the admin socket is not there yet: wait for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private String shellOnce(String luaLine) {
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
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("prosodyctl shell", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stop();
        ServerProcess.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "ProsodyServer[" + domain + " " + host() + ":" + port + (tls ? " tls" : "") + " " + dir + "]";
    }

    private Path certificatePath() {
        return dir.resolve("certs").resolve(domain + ".crt");
    }

    private Path stdoutFile() {
        return dir.resolve("stdout.log");
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
}
