package org.presencegw.gateway.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.activeWith;
import static org.presencegw.gateway.it.Watch.until;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.presencegw.gateway.store.testing.PostgresServer;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.ProsodyServer;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * Issue 9's promise, tried as an operator would: the real gateway jar as a child process with the embedded store and
 * with PostgreSQL, real Prosody, JAIN-SIP user agents that stay up across the restart. A burst of SUBSCRIBEs,
 * REGISTERs and PUBLISHes is answered 2xx, the gateway is killed with SIGKILL right after the last answer, started
 * again, and every acknowledged subscription, binding and publication is there: subscriptions notify again in their
 * own dialogs with a higher CSeq, bindings are listed, entity-tags refresh. Figures go to target/durable-state.txt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurableStateIT {

    private static final String PASSWORD = "secret";
    private static final String WATCHER = "sip:watcher@sip.test";
    private static final int SUBSCRIPTIONS = 100;
    private static final int BINDINGS = 50;
    private static final int PUBLICATIONS = 20;
    private static final Path FIGURES = Path.of("target", "durable-state.txt");

    private ProsodyServer prosody;
    private PostgresServer postgres;
    @TempDir
    Path dir;

    @BeforeAll
    void startServers() throws IOException {
        prosody = ProsodyServer.startDefault();
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            prosody.createAccount(user, PASSWORD);
        }
        for (String user : List.of("alice", "carol", "dave")) {
            prosody.makeMutualContacts(user, "bob");
        }
        postgres = PostgresServer.start();
        Files.deleteIfExists(FIGURES);
    }

    @AfterAll
    void stopServers() {
        if (postgres != null) {
            postgres.close();
        }
        if (prosody != null) {
            prosody.close();
        }
    }

    private String storeSection(String engine) {
        return switch (engine) {
            case "embedded" -> "store:\n  type: embedded\n  path: " + dir.resolve("data") + "\n";
            case "postgresql" -> "store:\n  type: postgresql\n  url: "
                    + postgres.url(postgres.createDatabase("gw" + System.nanoTime())) + "\n  user: "
                    + PostgresServer.USER + "\n";
            default -> throw new IllegalArgumentException(engine);
        };
    }

    private Path config(int sipPort, String store) throws IOException {
        return config(sipPort, store, List.of("alice"));
    }

    private Path config(int sipPort, String store, List<String> mapped) throws IOException {
        return config(sipPort, store, mapped, "");
    }

    private Path config(int sipPort, String store, List<String> mapped, String more) throws IOException {
        Path file = dir.resolve("gateway.yml");
        StringBuilder accounts = new StringBuilder("accounts:\n");
        for (String user : mapped) {
            accounts.append("  - {sip: 'sip:").append(user).append("@sip.test', jid: ").append(user)
                    .append("@jabber.test, password_env: XMPP_PW}\n");
        }
        Files.writeString(file, String.join("\n",
                "sip: {listen: 127.0.0.1, port: " + sipPort + ", transports: [udp, tcp], min_expires: 60}",
                "domains: {jabber.test: jabber, sip.test: registrar}",
                "registrar: {allow_unknown_users: true}",
                "xmpp: {host: 127.0.0.1, port: " + prosody.port() + ", domain: jabber.test, tls: disabled,"
                        + " reconnect_delay: 1}",
                accounts.toString(),
                store + more));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "postgresql"})
    void sigkillRightAfterABurstOf2xx_everythingAcknowledgedIsBack(String engine) throws Exception {
        int port = FreePorts.pick();
        int adminPort = FreePorts.pick();
        Path cfg = config(port, storeSection(engine), List.of("alice"),
                "admin: {listen: 127.0.0.1, port: " + adminPort + "}\n");
        try (GatewayChild gw = new GatewayChild(dir, cfg, Map.of("XMPP_PW", PASSWORD));
             SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port);
             SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", port);
             XmppTestClient bob = XmppTestClient.login(prosody, "bob", PASSWORD, "r1")) {
            gw.start().awaitLog("alice@jabber.test: online", TIMEOUT);
            bob.setPresence(Show.AVAILABLE, "before the kill", 0);
            SubscriptionHandle aliceWatchesBob = alice.subscribe("sip:bob@jabber.test", "sip:alice@sip.test", 3600,
                    Map.of());
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            long bobBefore = until(alice, "bob online", activeWith("open")).cseq();

            Map<String, Long> lastCseq = new HashMap<>();
            int acknowledged = 0;
            for (int i = 1; i <= SUBSCRIPTIONS; i++) {
                watcher.subscribe("sip:u" + i + "@sip.test", WATCHER, 3600, Map.of());
                acknowledged += watcher.awaitResponse(TIMEOUT).getStatusCode() == 200 ? 1 : 0;
            }
            List<String> etags = new ArrayList<>();
            for (int i = 1; i <= Math.max(BINDINGS, PUBLICATIONS); i++) {
                String aor = "sip:u" + i + "@sip.test";
                if (i <= BINDINGS) {
                    acknowledged += send(watcher, "REGISTER", "sip:sip.test", aor, Map.of("To", "<" + aor + ">",
                            "Contact", "<sip:u" + i + "@127.0.0.1:5099>;expires=3600"), Optional.empty())
                            .getStatusCode() == 200 ? 1 : 0;
                }
                if (i <= PUBLICATIONS) {
                    Response ok = send(watcher, "PUBLISH", aor, aor, Map.of("Event", "presence", "Expires", "3600",
                            "Content-Type", "application/pidf+xml"), Optional.of(busy("u" + i)));
                    acknowledged += ok.getStatusCode() == 200 ? 1 : 0;
                    etags.add(header(ok, "SIP-ETag"));
                }
            }
            String metrics = new AdminClient(adminPort, Optional.empty()).get("/metrics").body();
            gw.kill(); // SIGKILL right after the last 2xx (and one scrape)
            assertEquals(SUBSCRIPTIONS + BINDINGS + PUBLICATIONS, acknowledged);
            // every acknowledged request's write went through a group commit, and the scrape shows it
            assertEquals(1.0, AdminIT.value(metrics, "presencegw_store_up"), metrics);
            double committed = AdminIT.value(metrics, "presencegw_store_changes_total{outcome=\"committed\"}");
            double commits = AdminIT.value(metrics, "presencegw_store_commit_duration_seconds_count");
            assertTrue(committed >= acknowledged, "committed change lists " + committed + "\n" + metrics);
            assertTrue(commits >= 1 && commits <= committed, "group commits " + commits + "\n" + metrics);
            assertEquals(0.0, AdminIT.value(metrics, "presencegw_store_changes_total{outcome=\"failed\"}"), metrics);
            figure(engine + ": " + (long) committed + " change lists in " + (long) commits + " group commits, "
                    + "commit time " + Math.round(1000 * AdminIT.value(metrics,
                    "presencegw_store_commit_duration_seconds_sum")) + " ms in all");
            watcher.drainNotifies().forEach(n -> lastCseq.merge(n.callId(), n.cseq(), Math::max));
            assertEquals(SUBSCRIPTIONS, lastCseq.size(), "every subscription had its first NOTIFY");

            long restart = System.nanoTime();
            gw.start();
            Set<String> renotified = new HashSet<>();
            await("every acknowledged subscription notifies again").atMost(TIMEOUT).until(() -> {
                for (ReceivedNotify n : watcher.drainNotifies()) {
                    assertTrue(n.cseq() > lastCseq.getOrDefault(n.callId(), Long.MAX_VALUE),
                            "CSeq must rise in the same dialog: " + n.cseq() + " after " + lastCseq.get(n.callId()));
                    renotified.add(n.callId());
                }
                return renotified.containsAll(lastCseq.keySet());
            });
            long subscriptionsBack = System.nanoTime() - restart;
            ReceivedNotify bobAgain;
            try {
                bobAgain = until(alice, "bob's state after the restart",
                        n -> n.callId().equals(aliceWatchesBob.callId()) && activeWith("open").test(n));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\ngateway log:\n" + gw.log(), e);
            }
            long jabberBack = System.nanoTime() - restart;
            int bindingsBack = 0;
            for (int i = 1; i <= BINDINGS; i++) {
                String aor = "sip:u" + i + "@sip.test";
                Response query = send(watcher, "REGISTER", "sip:sip.test", aor, Map.of("To", "<" + aor + ">"),
                        Optional.empty());
                bindingsBack += query.getHeader("Contact") != null ? 1 : 0;
            }
            int publicationsBack = 0;
            for (int i = 1; i <= PUBLICATIONS; i++) {
                String aor = "sip:u" + i + "@sip.test";
                publicationsBack += send(watcher, "PUBLISH", aor, aor, Map.of("Event", "presence", "Expires", "3600",
                        "SIP-If-Match", etags.get(i - 1)), Optional.empty()).getStatusCode() == 200 ? 1 : 0;
            }
            assertTrue(bobAgain.cseq() > bobBefore);
            bob.setPresence(Show.AWAY, "after the kill", 0);
            ReceivedNotify away = until(alice, "bob away", n -> n.body().contains("after the kill"));
            assertTrue(away.cseq() > bobAgain.cseq());
            assertEquals(BINDINGS, bindingsBack, "every acknowledged binding is listed");
            assertEquals(PUBLICATIONS, publicationsBack, "every acknowledged entity-tag refreshes");
            figure(engine + ": acknowledged " + acknowledged + " (" + SUBSCRIPTIONS + " subscriptions, " + BINDINGS
                    + " bindings, " + PUBLICATIONS + " publications), recovered " + renotified.size() + " + "
                    + bindingsBack + " + " + publicationsBack + "; restart to the last registrar NOTIFY "
                    + TimeUnit.NANOSECONDS.toMillis(subscriptionsBack) + " ms, to the first Jabber NOTIFY with state "
                    + TimeUnit.NANOSECONDS.toMillis(jabberBack) + " ms");
        }
    }

    @org.junit.jupiter.api.Test
    void sigterm_thenStartAgain_watchersToldNothing_theirDialogGoesOn() throws Exception {
        int port = FreePorts.pick();
        try (GatewayChild gw = new GatewayChild(dir, config(port, storeSection("embedded")),
                Map.of("XMPP_PW", PASSWORD));
             SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", port);
             XmppTestClient bob = XmppTestClient.login(prosody, "bob", PASSWORD, "r2")) {
            gw.start().awaitLog("alice@jabber.test: online", TIMEOUT);
            bob.setPresence(Show.AVAILABLE, "before the restart", 0);
            SubscriptionHandle h = alice.subscribe("sip:bob@jabber.test", "sip:alice@sip.test", 3600, Map.of());
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            long before = until(alice, "bob online", n -> n.body().contains("before the restart")).cseq();
            assertEquals(0, gw.stop(), "SIGTERM exits 0");
            alice.expectNoNotify(quiet()); // no terminated;reason=deactivated: the subscription goes on
            gw.start();
            bob.setPresence(Show.DND, "after the restart", 0);
            ReceivedNotify after = until(alice, "bob busy", n -> n.body().contains("after the restart"));
            assertEquals(h.callId(), after.callId());
            assertTrue(after.cseq() > before);
        }
    }

    @org.junit.jupiter.api.Test
    void sighup_changedMappings_removedDeactivated_untouchedUndisturbed_addedServed_badFileRefused()
            throws Exception {
        int port = FreePorts.pick();
        String store = "store: {type: memory}\n";
        Path cfg = config(port, store, List.of("alice", "carol"));
        try (GatewayChild gw = new GatewayChild(dir, cfg, Map.of("XMPP_PW", PASSWORD));
             SipTestAgent alice = SipTestAgent.start(Transport.UDP, "127.0.0.1", port);
             SipTestAgent carol = SipTestAgent.start(Transport.UDP, "127.0.0.1", port);
             SipTestAgent dave = SipTestAgent.start(Transport.UDP, "127.0.0.1", port);
             XmppTestClient bob = XmppTestClient.login(prosody, "bob", PASSWORD, "r3")) {
            gw.start().awaitLog("carol@jabber.test: online", TIMEOUT);
            bob.setPresence(Show.AVAILABLE, "one", 0);
            for (SipTestAgent w : List.of(alice, carol)) {
                String user = w == alice ? "alice" : "carol";
                w.subscribe("sip:bob@jabber.test", "sip:" + user + "@sip.test", 3600, Map.of());
                assertEquals(200, w.awaitResponse(TIMEOUT).getStatusCode());
                until(w, "bob online", n -> n.body().contains("one"));
            }
            config(port, store, List.of("alice", "dave"));
            gw.hangup();
            gw.awaitLog("configuration reloaded", TIMEOUT);
            ReceivedNotify last = until(carol, "carol's watch ends", n -> n.state().equals("terminated"));
            assertEquals(Optional.of("deactivated"), last.reason());
            alice.expectNoNotify(quiet()); // untouched mapping: not disturbed
            gw.awaitLog("dave@jabber.test: online", TIMEOUT);
            dave.subscribe("sip:bob@jabber.test", "sip:dave@sip.test", 3600, Map.of());
            assertEquals(200, dave.awaitResponse(TIMEOUT).getStatusCode());
            until(dave, "bob through dave's account", n -> n.body().contains("one"));

            Files.writeString(cfg, Files.readString(cfg) + "bogus: 1\n");
            gw.hangup();
            gw.awaitLog("configuration not reloaded", TIMEOUT);
            bob.setPresence(Show.AWAY, "two", 0);
            until(alice, "alice still served", n -> n.body().contains("two"));
            assertTrue(gw.isAlive());
        }
    }

    @org.junit.jupiter.api.Test
    void postgresqlDown_newRequests503_watchersServed_recoversAndRewritesTheState() throws Exception {
        int port = FreePorts.pick();
        try (PostgresServer db = PostgresServer.start()) {
            String url = db.url(db.createDatabase("outage"));
            String store = "store:\n  type: postgresql\n  url: " + url + "\n  user: " + PostgresServer.USER + "\n";
            try (GatewayChild gw = new GatewayChild(dir, config(port, store), Map.of("XMPP_PW", PASSWORD));
                 SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
                gw.start();
                watcher.subscribe("sip:u1@sip.test", WATCHER, 3600, Map.of());
                assertEquals(200, watcher.awaitResponse(TIMEOUT).getStatusCode());
                until(watcher, "u1 offline", activeWith("closed"));

                db.stop();
                await("a new SUBSCRIBE is refused while the database is down").atMost(TIMEOUT).until(() -> {
                    watcher.subscribe("sip:u2@sip.test", WATCHER, 3600, Map.of());
                    Response r = watcher.awaitResponse(TIMEOUT);
                    return r.getStatusCode() == 503 && r.getHeader("Retry-After") != null;
                });
                Response reg = send(watcher, "REGISTER", "sip:sip.test", "sip:u1@sip.test",
                        Map.of("To", "<sip:u1@sip.test>", "Contact", "<sip:u1@127.0.0.1:5099>"), Optional.empty());
                assertEquals(503, reg.getStatusCode(), "no 2xx without the database");

                db.restart();
                await("the store recovers by itself").atMost(TIMEOUT).until(() -> {
                    watcher.subscribe("sip:u3@sip.test", WATCHER, 3600, Map.of());
                    return watcher.awaitResponse(TIMEOUT).getStatusCode() == 200;
                });
                assertTrue(gw.log().contains("recovered") || gw.log().contains("writable"), gw.log());
                gw.kill();
                gw.start();
                // u1 (stored before the outage) and u3 (after) both come back: the rewrite and the commits hold.
                Set<String> entities = new HashSet<>();
                await("u1 and u3 notify again").atMost(TIMEOUT).until(() -> {
                    watcher.drainNotifies().forEach(n -> entities.add(n.body().replaceAll("(?s).*entity=\"([^\"]+)\".*",
                            "$1")));
                    return entities.contains("sip:u1@sip.test") && entities.contains("sip:u3@sip.test");
                });
            }
        }
    }

    private static void figure(String line) throws IOException {
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    static String busy(String user) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence xmlns=\"urn:ietf:params:xml:ns:pidf\""
                + " xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\""
                + " entity=\"sip:" + user + "@sip.test\"><tuple id=\"t1\"><status><basic>open</basic></status></tuple>"
                + "<dm:person id=\"p1\"><rpid:activities><rpid:on-the-phone/></rpid:activities></dm:person></presence>";
    }

    static Response send(SipTestAgent agent, String method, String uri, String from, Map<String, String> headers,
                         Optional<String> body) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("From", "<" + from + ">;tag=" + Long.toHexString(System.nanoTime()));
        agent.send(method, uri, all, body);
        return agent.awaitResponse(TIMEOUT);
    }

    static String header(Response r, String name) {
        String text = r.getHeader(name).toString().strip();
        return text.substring(text.indexOf(':') + 1).strip();
    }

    static Duration quiet() {
        return Duration.ofSeconds(1);
    }
}
