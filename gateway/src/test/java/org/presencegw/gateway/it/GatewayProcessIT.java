package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.PASSWORD;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.activeWith;
import static org.presencegw.gateway.it.Watch.until;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.TestCertificate;
import org.presencegw.xmpp.testing.ProsodyServer;

/**
 * The build and run contract, on the real jar: {@code java -jar gateway/target/gateway.jar --config FILE} serves
 * watchers, logs to stdout, and on SIGTERM exits 0: with {@code store: {type: memory}} after a final NOTIFY
 * {@code terminated;reason=deactivated} to every watcher (nothing survives the process), with the default durable
 * store telling watchers nothing (their subscriptions go on after the restart); {@code --check-config} exits 0 or 2
 * with one line on stderr.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayProcessIT {
    private static final Path JAR = Path.of("target", "gateway.jar");
    private ProsodyServer prosody;
    @TempDir
    Path dir;

    @BeforeAll
    void startProsody() {
        assertTrue(Files.isRegularFile(JAR), "run in the verify phase, after package: " + JAR.toAbsolutePath());
        prosody = ProsodyServer.startDefault();
        prosody.createAccount("alice", PASSWORD);
        prosody.createAccount("bob", PASSWORD);
        prosody.makeMutualContacts("alice", "bob");
    }

    @AfterAll
    void stopProsody() {
        if (prosody != null) {
            prosody.close();
        }
    }

    private Path config(int sipPort, String extraAccountKey) throws IOException {
        return config(sipPort, extraAccountKey, "store: {type: memory}");
    }

    private Path config(int sipPort, String extraAccountKey, String storeSection) throws IOException {
        Path file = dir.resolve("gateway-" + sipPort + ".yml");
        Files.writeString(file, String.join("\n",
                "sip:",
                "  listen: 127.0.0.1",
                "  port: " + sipPort,
                "  transports: [udp, tcp]",
                "  default_expires: 3600",
                "  min_expires: 60",
                "  max_expires: 86400",
                "domains:",
                "  jabber.test: jabber",
                "  sip.test: registrar",
                "xmpp:",
                "  host: 127.0.0.1",
                "  port: " + prosody.port(),
                "  domain: jabber.test",
                "  tls: disabled",
                "  resource: sip-gateway",
                "  reconnect_delay: 1",
                "accounts:",
                "  - sip: sip:alice@sip.test",
                "    jid: alice@jabber.test",
                "    password_env: ALICE_PW",
                extraAccountKey,
                storeSection,
                ""));
        return file;
    }

    private Process launch(Path out, Path err, String... args) throws IOException {
        return launch(out, err, Map.of(), args);
    }

    private Process launch(Path out, Path err, Map<String, String> env, String... args) throws IOException {
        return launchWith("--default-signal=HUP", out, err, env, args);
    }

    /** {@code hup}: how {@code env} sets SIGHUP for the gateway (the default, or ignored as under nohup). */
    private Process launchWith(String hup, Path out, Path err, Map<String, String> env, String... args)
            throws IOException {
        return launchWith(hup, dir.resolve("java-tmp"), out, err, env, args);
    }

    /**
     * {@code javaTmp}: the gateway's {@code java.io.tmpdir}, created if missing. SIGINT is set to its default, as a
     * shell's background job (CI) would start the gateway with it ignored.
     */
    private Process launchWith(String hup, Path javaTmp, Path out, Path err, Map<String, String> env,
                               String... args) throws IOException {
        Files.createDirectories(javaTmp);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of("env", hup, "--default-signal=INT", java,
                "-Djava.io.tmpdir=" + javaTmp.toAbsolutePath(), "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .directory(dir.toFile()); // the default embedded store goes to ./data: the test's own directory
        pb.environment().put("ALICE_PW", PASSWORD);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitLine(Path file, String fragment, Process p) throws IOException {
        try {
            Awaiting.within(Duration.ofSeconds(30), "'" + fragment + "' in " + file).until(() -> {
                assertTrue(p.isAlive(), "gateway exited early: " + Files.readString(file));
                return Files.readString(file).contains(fragment);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no '" + fragment + "' in " + file + ":\n" + Files.readString(file), e);
        }
    }

    @Test
    void run_servesWatchers_andSigtermSendsDeactivatedAndExits0() throws Exception {
        int port = FreePorts.pick();
        Path out = dir.resolve("out.log");
        Path err = dir.resolve("err.log");
        Process gw = launch(out, err, "--config", config(port, "").toString());
        try {
            awaitLine(out, "gateway up", gw);
            try (SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
                alice.subscribe(sip("bob"), watcher("alice"), null, Map.of());
                assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
                until(alice, "bob offline", activeWith("closed"));

                gw.destroy(); // SIGTERM
                ReceivedNotify last = until(alice, "final NOTIFY", n -> n.state().equals("terminated"));
                assertEquals(Optional.of("deactivated"), last.reason());
            }
            assertTrue(gw.waitFor(20, TimeUnit.SECONDS), "gateway did not exit after SIGTERM");
            assertEquals(0, gw.exitValue(), Files.readString(err));
            assertFalse(Files.readString(out).contains("Exception"), Files.readString(out));
        } finally {
            gw.destroyForcibly();
        }
    }

    /** Started with SIGHUP ignored (nohup), the gateway cannot reload on SIGHUP: one warning says so, and it serves. */
    @Test
    void run_startedWithSighupIgnored_warnsOnce_andStillServesAndReloadsNothing() throws Exception {
        int port = FreePorts.pick();
        Path out = dir.resolve("nohup-out.log");
        Path err = dir.resolve("nohup-err.log");
        Process gw = launchWith("--ignore-signal=HUP", out, err, Map.of(), "--config", config(port, "").toString());
        try {
            awaitLine(out, "gateway up", gw);
            awaitLine(out, "SIGHUP is ignored by this process", gw);
            new ProcessBuilder("kill", "-HUP", Long.toString(gw.pid())).start().waitFor(10, TimeUnit.SECONDS);
            try (SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
                alice.subscribe(sip("bob"), watcher("alice"), null, Map.of());
                assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode(), "still serving after the SIGHUP");
            }
            assertTrue(gw.isAlive());
            String log = Files.readString(out);
            assertFalse(log.contains("reloading"), log);
            assertEquals(1, log.split("SIGHUP is ignored", -1).length - 1, log);
        } finally {
            gw.destroyForcibly();
        }
    }

    /**
     * Issue 13: a normal start with TLS configured prints a handful of INFO lines and no WARN (the RI's five TLS
     * warnings are gone), and {@code GATEWAY_LOG_FORMAT=json} makes every line one JSON object.
     */
    @Test
    void run_tlsAndJsonLogs_startIsAFewInfoLinesEachOneJsonObject() throws Exception {
        int port = FreePorts.pick();
        int tlsPort = FreePorts.pick();
        TestCertificate cert = TestCertificate.make(dir, "gw.test");
        Path file = config(port, "", "store: {type: memory}");
        String text = Files.readString(file).replace("  transports: [udp, tcp]\n", "  transports: [udp, tcp, tls]\n"
                + "  tls: {port: " + tlsPort + ", certificate: " + cert.certificate() + ", private_key: "
                + cert.privateKey() + "}\n");
        Files.writeString(file, text);
        Path out = dir.resolve("json-out.log");
        Path err = dir.resolve("json-err.log");
        Process gw = launch(out, err, Map.of("GATEWAY_LOG_FORMAT", "json"), "--config", file.toString());
        try {
            awaitLine(out, "gateway up", gw);
            awaitLine(out, "online", gw);
            gw.destroy();
            assertTrue(gw.waitFor(20, TimeUnit.SECONDS), "gateway did not exit after SIGTERM");
            List<String> lines = Files.readAllLines(out);
            assertTrue(lines.size() >= 3 && lines.size() <= 12, "a handful of lines: " + lines);
            for (String line : lines) {
                assertTrue(line.startsWith("{\"timestamp\":") && line.endsWith("}"), "one JSON object: " + line);
                assertTrue(line.contains("\"level\":\"INFO\""), "INFO only on a normal start: " + line);
            }
            assertEquals("", Files.readString(err));
        } finally {
            gw.destroyForcibly();
        }
    }

    @Test
    void run_durableStore_sigtermTellsWatchersNothing_theirSubscriptionsGoOn() throws Exception {
        int port = FreePorts.pick();
        Path out = dir.resolve("durable.log");
        Path err = dir.resolve("durable.err");
        Process gw = launch(out, err, "--config", config(port, "", "").toString()); // no store: embedded ./data
        try {
            awaitLine(out, "gateway up", gw);
            try (SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
                alice.subscribe(sip("bob"), watcher("alice"), null, Map.of());
                assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
                until(alice, "bob offline", activeWith("closed"));
                gw.destroy(); // SIGTERM
                assertTrue(gw.waitFor(20, TimeUnit.SECONDS), "gateway did not exit after SIGTERM");
                assertEquals(0, gw.exitValue(), Files.readString(err));
                alice.expectNoNotify(Duration.ofSeconds(1)); // nothing: the store keeps the subscription
            }
            assertTrue(Files.isDirectory(dir.resolve("data")), "the embedded store's default directory");
        } finally {
            gw.destroyForcibly();
        }
    }

    /**
     * SIGTERM and SIGINT end the gateway with status 0 through the JVM's normal exit, so that what was registered
     * for deletion at exit is deleted: the SQLite driver unpacks its native library at every start, now into the data
     * directory's {@code native}. A stop that halted the JVM left the library (~540 KB) and its lock file each time.
     */
    @Test
    void run_embeddedStore_sigtermAndSigint_exit0AndLeaveNoLibraryBehind() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            int port = FreePorts.pick();
            Path tmp = dir.resolve("tmp-" + signal);
            Path data = dir.resolve("data-" + signal);
            Path out = dir.resolve("sig-" + signal + ".log");
            Path err = dir.resolve("sig-" + signal + ".err");
            Path cfg = config(port, "", "store: {type: embedded, path: " + data + "}");
            Process gw = launchWith("--default-signal=HUP", tmp, out, err, Map.of(), "--config", cfg.toString());
            try {
                awaitLine(out, "gateway up", gw);
                assertEquals(2, sqliteFiles(data.resolve("native")), "the library and its .lck in the data "
                        + "directory: " + listing(data.resolve("native")));
                assertEquals(0, sqliteFiles(tmp), "nothing in java.io.tmpdir: " + listing(tmp));
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(gw.pid())).start();
                assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
                assertTrue(gw.waitFor(20, TimeUnit.SECONDS), "gateway did not exit after SIG" + signal);
                assertEquals(0, gw.exitValue(), "SIG" + signal + ": " + Files.readString(err));
                assertEquals(0, sqliteFiles(data.resolve("native")), "left after SIG" + signal + ": "
                        + listing(data.resolve("native")));
                assertEquals(0, sqliteFiles(tmp), "left in java.io.tmpdir after SIG" + signal + ": "
                        + listing(tmp));
                assertTrue(Files.readString(out).contains("gateway stopped"), Files.readString(out));
            } finally {
                gw.destroyForcibly();
            }
        }
    }

    /**
     * A gateway ended by {@code kill -9} (or the OOM killer, or a crash) cannot delete the library it unpacked. It
     * stays in the data directory, not in {@code java.io.tmpdir}, and the next start on that directory deletes it, so
     * a host keeps one copy at most however often the gateway is killed.
     */
    @Test
    void run_embeddedStore_killedGatewaysLibrary_deletedByTheNextStart() throws Exception {
        Path tmp = dir.resolve("tmp-kill");
        Path data = dir.resolve("data-kill");
        Path cfg = config(FreePorts.pick(), "", "store: {type: embedded, path: " + data + "}");
        Process first = launchWith("--default-signal=HUP", tmp, dir.resolve("kill-1.log"), dir.resolve("kill-1.err"),
                Map.of(), "--config", cfg.toString());
        try {
            awaitLine(dir.resolve("kill-1.log"), "gateway up", first);
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(20, TimeUnit.SECONDS), "gateway did not die of SIGKILL");
        } finally {
            first.destroyForcibly();
        }
        List<String> left = listing(data.resolve("native"));
        assertEquals(2, left.size(), "the killed gateway's library and .lck: " + left);
        assertEquals(0, sqliteFiles(tmp), listing(tmp).toString());

        Path out = dir.resolve("kill-2.log");
        Process second = launchWith("--default-signal=HUP", tmp, out, dir.resolve("kill-2.err"), Map.of(),
                "--config", cfg.toString());
        try {
            awaitLine(out, "gateway up", second);
            List<String> now = listing(data.resolve("native"));
            assertEquals(2, now.size(), "only the running gateway's pair: " + now);
            for (String f : left) {
                assertFalse(now.contains(f), "the killed gateway's " + f + " is still there: " + now);
            }
            assertTrue(Files.readString(out).contains("deleted 2 file(s) an earlier gateway left in"),
                    Files.readString(out));
            stopWithSigterm(second, dir.resolve("kill-2.err"));
            assertEquals(List.of(), listing(data.resolve("native")));
            assertEquals(0, sqliteFiles(tmp), listing(tmp).toString());
        } finally {
            second.destroyForcibly();
        }
    }

    /**
     * When the data directory cannot hold the library (here {@code native} is a file), the driver's default
     * {@code java.io.tmpdir} is used, with one warning, and the gateway runs.
     */
    @Test
    void run_embeddedStore_nativeDirectoryUnusable_warnsAndUsesTheTemporaryDirectory() throws Exception {
        Path tmp = dir.resolve("tmp-blocked");
        Path data = dir.resolve("data-blocked");
        Files.createDirectories(data);
        Files.writeString(data.resolve("native"), "not a directory\n");
        Path out = dir.resolve("blocked.log");
        Path cfg = config(FreePorts.pick(), "", "store: {type: embedded, path: " + data + "}");
        Path err = dir.resolve("blocked.err");
        Process gw = launchWith("--default-signal=HUP", tmp, out, err, Map.of(), "--config", cfg.toString());
        try {
            awaitLine(out, "gateway up", gw);
            assertEquals(2, sqliteFiles(tmp), listing(tmp).toString());
            List<String> warnings = Files.readAllLines(out).stream()
                    .filter(l -> l.contains("SQLite's native library")).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("WARN") && warnings.get(0).contains(tmp.toString()), warnings.get(0));
            stopWithSigterm(gw, err);
            assertEquals(0, sqliteFiles(tmp), listing(tmp).toString());
        } finally {
            gw.destroyForcibly();
        }
    }

    /**
     * A start that fails (here: the data directory is held by another gateway) exits 1 with one line, although the
     * stop's signal handlers and hook are in place before the start.
     */
    @Test
    void run_dataDirectoryInUse_secondGatewayExits1WithOneLine() throws Exception {
        Path data = dir.resolve("data-shared");
        String store = "store: {type: embedded, path: " + data + "}";
        Process first = launch(dir.resolve("first.log"), dir.resolve("first.err"), "--config",
                config(FreePorts.pick(), "", store).toString());
        try {
            awaitLine(dir.resolve("first.log"), "gateway up", first);
            Path err = dir.resolve("second.err");
            Process second = launch(dir.resolve("second.log"), err, "--config",
                    config(FreePorts.pick(), "", store).toString());
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), "second gateway did not exit");
            assertEquals(1, second.exitValue(), Files.readString(err));
            List<String> lines = Files.readAllLines(err);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("in use by another gateway process"), lines.get(0));
        } finally {
            first.destroy();
            first.waitFor(20, TimeUnit.SECONDS);
            first.destroyForcibly();
        }
    }

    /** SIGTERM: the gateway exits 0 within 20 s ({@code err}: its stderr, shown when it does not). */
    private static void stopWithSigterm(Process gw, Path err) throws Exception {
        gw.destroy();
        assertTrue(gw.waitFor(20, TimeUnit.SECONDS), "gateway did not exit after SIGTERM");
        assertEquals(0, gw.exitValue(), Files.readString(err));
    }

    private static long sqliteFiles(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().startsWith("sqlite-")).count();
        }
    }

    private static List<String> listing(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void checkConfig_goodFile_exits0() throws Exception {
        Path out = dir.resolve("check-ok.out");
        Path err = dir.resolve("check-ok.err");
        Process p = launch(out, err, "--check-config", config(FreePorts.pick(), "").toString());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(err));
    }

    @Test
    void checkConfig_unknownKey_exits2WithOneLineNamingFileAndLine() throws Exception {
        Path cfg = config(FreePorts.pick(), "    passwrd: oops");
        Path out = dir.resolve("check-bad.out");
        Path err = dir.resolve("check-bad.err");
        Process p = launch(out, err, "--check-config", cfg.toString());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith(cfg + ":22:"), lines.get(0));
        assertTrue(lines.get(0).contains("passwrd"), lines.get(0));
    }

    @Test
    void run_portInUse_exits2WithOneLine() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Path out = dir.resolve("busy.out");
            Path err = dir.resolve("busy.err");
            Process p = launch(out, err, "--config", config(taken.getLocalPort(), "").toString());
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue());
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("in use"), lines.get(0));
            assertFalse(lines.get(0).contains("Exception"), lines.get(0));
        }
    }
}
