package org.presencegw.xmpp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private ejabberd (Debian's {@code ejabberd} 23.01 on Erlang/OTP 25) for integration tests, the twin of
 * {@link ProsodyServer}: its own throw-away directory (config, Mnesia spool, logs, a random Erlang cookie), c2s on
 * a free loopback port (STARTTLS required with a self-signed cert, or plaintext with PLAIN and SCRAM-SHA-1),
 * mod_http_api on a second free loopback port for the fixture's commands, Erlang distribution on a third (no epmd:
 * {@code -start_epmd false -erl_epmd_port PORT}, bound to 127.0.0.1), no s2s. Modules: {@link EjabberdConfigs}.
 *
 * <p>It is started as a child process with {@code erl} directly (not {@code ejabberdctl}, whose {@code start}
 * detaches): {@code /usr/bin/erl} execs {@code erlexec}, which execs {@code beam.smp}, so {@link #pid()} is the
 * server's VM itself and {@link #kill()} ({@code kill -9}) hits exactly it. Its only child,
 * {@code erl_child_setup}, exits with it (checked, and killed by PID if it did not). Runs as the calling user, root
 * included: ejabberd itself does not refuse root; only {@code ejabberdctl} would switch to the {@code ejabberd}
 * user, which {@code EXEC_CMD=as_current_user} in the fixture's {@code ejabberdctl.cfg} prevents.
 *
 * <pre>{@code
 * try (EjabberdServer ejabberd = EjabberdServer.builder().tls(true).start()) {   // or EjabberdServer.startDefault()
 *     ejabberd.createAccount("alice", "secret");
 *     ejabberd.createAccount("bob", "secret");
 *     ejabberd.makeMutualContacts("alice", "bob");     // "both", before the logins
 *     try (XmppTestClient bob = XmppTestClient.login(ejabberd, "bob", "secret", "r1")) { ... }
 *     ejabberd.stop();  ejabberd.start();              // restart: same ports, same Mnesia data
 *     ejabberd.kill();                                  // kill -9 of this beam.smp only
 *     ejabberd.ctl("status");                           // ejabberdctl against this node (about 1.5 s a call)
 * }                                                    // close(): stop + delete the directory
 * }</pre>
 *
 * <p>Timings on the shared 2-core box (XmppTestServerIT logs them; load average 1-9): start 1.6-3.5 s (the
 * first start also creates the Mnesia schema), stop (SIGTERM) about 1.1 s, restart on the same data 1.4-3.5 s,
 * kill -9 under 40 ms; an account 5-25 ms and a mutual pair 11-40 ms through mod_http_api (plus the
 * {@code mnesia:sync_log()} that makes them survive a kill -9). If ejabberd is not installed,
 * {@link Builder#start()} throws {@link IllegalStateException} saying so (the build fails, no test is skipped).
 */
public final class EjabberdServer implements XmppTestServer {
    private static final Logger LOG = LoggerFactory.getLogger(EjabberdServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final DomainBareJid domain;
    private final boolean tls;
    private final Path dir;
    private final int port;
    private final int distPort;
    private final String erlLibs;
    private final EjabberdApi api;
    private final ServerProcess process = new ServerProcess("ejabberd");

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

        /** TLS on: a self-signed cert for the domain, STARTTLS required. Off: no STARTTLS, PLAIN allowed. */
        public Builder tls(boolean value) {
            this.tls = value;
            return this;
        }

        /** Writes the config and starts ejabberd; returns when c2s accepts and the node answers {@code status}. */
        public EjabberdServer start() {
            return ServerProcess.startedOrClosed(new EjabberdServer(domain, tls));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plaintext server for {@code jabber.test}. */
    public static EjabberdServer startDefault() {
        return builder().start();
    }

    private EjabberdServer(String domainName, boolean tls) {
        this.erlLibs = EjabberdLaunch.installedErlLibs();
        try {
            this.domain = JidCreate.domainBareFrom(domainName);
            this.tls = tls;
            this.dir = Files.createTempDirectory("ejabberd-test-");
            Files.createDirectories(EjabberdLaunch.spool(dir));
            Files.createDirectories(dir.resolve("logs"));
            Files.createDirectories(dir.resolve("certs"));
            this.port = Loopback.freePort();
            this.distPort = Loopback.freePort();
            int apiPort = Loopback.freePort();
            this.api = new EjabberdApi(apiPort);
            if (tls) {
                SelfSignedCertificate.create(domainName, certificatePath(), keyPath());
            }
            Files.writeString(configFile(), EjabberdConfigs.render(domainName, port, apiPort, certificate(),
                    keyPath()));
            Files.writeString(dir.resolve("ejabberdctl.cfg"), EjabberdConfigs.renderCtl(dir, EjabberdLaunch.NODE,
                    distPort));
            EjabberdLaunch.writeCookie(dir);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException("bad domain " + domainName, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare ejabberd in a temp dir", e);
        }
    }

    @Override
    public String name() {
        return "ejabberd";
    }

    @Override
    public void start() {
        ProcessBuilder command = EjabberdLaunch.command(dir, distPort, erlLibs);
        boolean wasRunning = process.isRunning();
        long started = System.nanoTime();
        process.start(command, START_TIMEOUT, "open c2s port " + port + " and answer 'status'",
                () -> Loopback.accepts(port) && api.answers(),
                () -> ServerProcess.tail(logFile()) + ServerProcess.tail(EjabberdLaunch.stdout(dir)));
        if (!wasRunning) {
            LOG.info("ejabberd pid {} listening on {}:{} for {} (tls={}) after {} ms, dir {}", pid(), host(), port,
                    domain, tls, (System.nanoTime() - started) / 1_000_000, dir);
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
        return dir.resolve("ejabberd.yml");
    }

    @Override
    public Path logFile() {
        return EjabberdLaunch.log(dir);
    }

    @Override
    public EntityBareJid createAccount(String user, String password) {
        command("register", "user", user, "host", domain.toString(), "password", password);
        syncToDisk();
        return jid(user);
    }

    @Override
    public void setPassword(String user, String password) {
        command("change_password", "user", user, "host", domain.toString(), "newpass", password);
        syncToDisk();
    }

    /**
     * Two {@code add_rosteritem} commands (mod_admin_extra), subscription "both", no group. A user already logged
     * in gets a roster push; presence is then routed by the new items (XmppTestServerIT).
     */
    @Override
    public void makeMutualContacts(String a, String b) {
        for (String[] pair : List.of(new String[] {a, b}, new String[] {b, a})) {
            String result = command("add_rosteritem", "localuser", pair[0], "localhost", domain.toString(),
                    "user", pair[1], "host", domain.toString(), "nick", pair[1], "group", "", "subs", "both");
            if (!result.trim().equals("0")) {
                throw new IllegalStateException("add_rosteritem " + pair[0] + " -> " + pair[1] + ": " + result);
            }
        }
        syncToDisk();
    }

    /**
     * Makes what the fixture wrote survive a {@link #kill()}: Mnesia writes its transaction log through disk_log's
     * write-behind cache (about 2 s), so without {@code mnesia:sync_log()} an account created just before a kill -9
     * is gone after the restart (seen: docs/notes/ejabberd.md#durability). What clients write is left as it is.
     */
    private void syncToDisk() {
        String result = EjabberdLaunch.erlCall(dir, distPort, "mnesia sync_log []");
        if (!result.equals("ok")) {
            throw new IllegalStateException("mnesia:sync_log() answered " + result);
        }
    }

    /**
     * Any ejabberd 23.01 admin command through mod_http_api, arguments as name/value pairs; returns the JSON answer.
     * E.g. {@code command("get_roster", "user", "alice", "host", "jabber.test")}.
     */
    public String command(String name, String... namesAndValues) {
        if (!isRunning()) {
            throw new IllegalStateException("ejabberd is not running");
        }
        return api.call(name, namesAndValues);
    }

    /** Runs {@code ejabberdctl --ctl-config DIR/ejabberdctl.cfg ARGS...} against this node; returns its output. */
    public String ctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(EjabberdLaunch.EJABBERDCTL.toString(), "--ctl-config",
                dir.resolve("ejabberdctl.cfg").toString()));
        command.addAll(List.of(arguments));
        ServerProcess.Result result = ServerProcess.run(new ProcessBuilder(command).directory(dir.toFile()),
                Duration.ofSeconds(30));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("ejabberdctl " + String.join(" ", arguments) + " failed:\n"
                    + result.output());
        }
        return result.output();
    }

    @Override
    public void close() {
        stop();
        ServerProcess.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "EjabberdServer[" + domain + " " + host() + ":" + port + (tls ? " tls" : "") + " " + dir + "]";
    }

    private Path certificatePath() {
        return dir.resolve("certs").resolve(domain + ".crt");
    }

    private Path keyPath() {
        return dir.resolve("certs").resolve(domain + ".key");
    }
}
