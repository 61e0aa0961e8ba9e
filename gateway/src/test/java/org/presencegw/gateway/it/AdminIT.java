package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;
import static org.presencegw.gateway.it.Watch.activeWith;
import static org.presencegw.gateway.it.Watch.until;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jivesoftware.smack.packet.Presence;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.testing.XmppTestClient;

/**
 * The admin listener of a running gateway (real Prosody, a real JAIN-SIP watcher): metrics follow a SUBSCRIBE and
 * its NOTIFY, the JSON API lists the subscription and ends it with a final NOTIFY the watcher receives, and the
 * listener refuses what it must (401, 404, 405).
 */
class AdminIT {
    private static final String TOKEN = "admin-it-token-0123456789";

    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder()
            .accounts("alice", "bob").mutualContacts("alice", "bob")
            .mapped("alice").admin(Optional.of(TOKEN))
            .build();

    private static AdminClient admin() {
        return new AdminClient(GW.adminPort(), Optional.of(TOKEN));
    }

    @Test
    void metrics_followSubscribeAndNotify() {
        AdminClient admin = admin();
        double before = value(admin.get("/metrics").body(), "presencegw_subscriptions{event=\"presence\"}");
        double answeredBefore = value(admin.get("/metrics").body(), "presencegw_notifies_total{outcome=\"answered\"}");
        try (SipTestAgent alice = GW.agent(Transport.UDP); XmppTestClient bob = GW.xmpp("bob", "r1")) {
            bob.setPresence(Show.AVAILABLE, null, 0);
            SubscriptionHandle h = alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            until(alice, "bob available", activeWith("open"));

            String metrics = admin.until("/metrics", TIMEOUT, "metrics show the subscription and its NOTIFY",
                    r -> value(r.body(), "presencegw_subscriptions{event=\"presence\"}") == before + 1
                            && value(r.body(), "presencegw_notifies_total{outcome=\"answered\"}")
                            >= answeredBefore + 1).body();
            assertTrue(value(metrics, "presencegw_sip_requests_total{method=\"SUBSCRIBE\",status=\"200\"}") >= 1,
                    metrics);
            assertTrue(value(metrics, "presencegw_sip_udp_copies_dropped_total") >= 0, metrics);
            assertTrue(metrics.contains("presencegw_sip_request_duration_seconds_bucket{method=\"SUBSCRIBE\",le="),
                    metrics);
            assertTrue(metrics.contains("presencegw_xmpp_accounts{state=\"online\"} 1.0"), metrics);
            assertTrue(metrics.contains("presencegw_registrations 0.0"), metrics);
            assertTrue(metrics.contains("presencegw_publications "), metrics);
            // the memory store writes nothing: up, and no commits (DurableStateIT scrapes a real store)
            assertEquals(1.0, value(metrics, "presencegw_store_up"), metrics);
            assertEquals(0.0, value(metrics, "presencegw_store_commit_duration_seconds_count"), metrics);
            assertEquals(0.0, value(metrics, "presencegw_store_changes_total{outcome=\"committed\"}"), metrics);
            assertTrue(metrics.contains("jvm_memory_used_bytes"), "JVM metrics");
            assertTrue(metrics.contains("process_cpu_seconds_total"), "process metrics");
            assertTrue(admin.get("/metrics").headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));

            alice.unsubscribe(h);
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            admin.until("/metrics", TIMEOUT, "the subscription gone from the gauge",
                    r -> value(r.body(), "presencegw_subscriptions{event=\"presence\"}") == before);
        }
    }

    @Test
    void api_listsTheSubscription_andEndsItWithAFinalNotify() {
        AdminClient admin = admin();
        try (SipTestAgent alice = GW.agent(Transport.UDP)) {
            SubscriptionHandle h = alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            alice.awaitNotify(TIMEOUT);

            String list = admin.until("/api/subscriptions?watcher=alice&presentity=bob", TIMEOUT,
                    "the subscription listed with its last NOTIFY answered",
                    r -> r.body().contains("\"call_id\":\"" + h.callId() + "\"")
                            && r.body().contains("\"last_notify_answer\":\"200\"")).body();
            assertTrue(list.contains("\"call_id\":\"" + h.callId() + "\""), list);
            assertTrue(list.contains("\"local_tag\":\"" + h.remoteTag() + "\""), list);
            assertTrue(list.contains("\"remote_tag\":\"" + h.localTag() + "\""), list);
            assertTrue(list.contains("\"event\":\"presence\""), list);
            assertTrue(list.contains(",\"offset\":0,\"limit\":100,\"items\":["), list);
            assertTrue(admin.get("/api/subscriptions?watcher=nobody").body().contains("\"total\":0"));

            String accounts = admin.get("/api/accounts").body();
            assertTrue(accounts.contains("\"jid\":\"alice@jabber.test\""), accounts);
            assertTrue(accounts.contains("\"state\":\"online\""), accounts);

            HttpResponse<String> end = admin.post("/api/subscriptions/end?call_id=" + h.callId() + "&local_tag="
                    + h.remoteTag() + "&reason=noresource");
            assertEquals(200, end.statusCode(), end.body());
            ReceivedNotify last = until(alice, "final NOTIFY", n -> n.state().equals("terminated"));
            assertEquals(Optional.of("noresource"), last.reason());
            admin.until("/api/subscriptions?watcher=alice", TIMEOUT, "no longer listed",
                    r -> !r.body().contains(h.callId()));
            assertEquals(404, admin.post("/api/subscriptions/end?call_id=" + h.callId() + "&local_tag="
                    + h.remoteTag()).statusCode());
        }
    }

    @Test
    void reconnect_accountDropsAndLogsInAgain() throws Exception {
        AdminClient admin = admin();
        BlockingQueue<String> seenByBob = new LinkedBlockingQueue<>();
        try (SipTestAgent alice = GW.agent(Transport.UDP); XmppTestClient bob = GW.xmpp("bob", "r1")) {
            bob.connection().addSyncStanzaListener(p -> seenByBob.add(((Presence) p).getType().name()),
                    s -> s instanceof Presence p && p.getFrom() != null
                            && p.getFrom().toString().equals("alice@jabber.test/sip-gateway"));
            bob.setPresence(Show.AVAILABLE, null, 0); // an available resource gets presence broadcasts
            // While alice's SIP user watches, her gateway resource is available: bob sees it come and go.
            SubscriptionHandle h = alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            Awaiting.firstMatch(seenByBob, "alice's gateway resource available", TIMEOUT, "available"::equals, x -> x);

            HttpResponse<String> asked = admin.post("/api/accounts/reconnect?jid=alice@jabber.test");
            assertEquals(202, asked.statusCode(), asked.body());
            Awaiting.firstMatch(seenByBob, "the old session gone", TIMEOUT, "unavailable"::equals, x -> x);
            Awaiting.firstMatch(seenByBob, "the new session available", TIMEOUT, "available"::equals, x -> x);
            admin.until("/api/accounts", TIMEOUT, "alice online again with her roster",
                    r -> r.body().contains("\"state\":\"online\"") && r.body().contains("\"roster_size\":1"));
            admin.until("/health/ready", TIMEOUT, "ready", r -> r.statusCode() == 200);
            alice.unsubscribe(h);
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
        }
    }

    @Test
    void listener_refusesWhatItMust() {
        AdminClient admin = admin();
        assertEquals(401, admin.send("GET", "/metrics", Optional.empty()).statusCode());
        assertEquals(401, admin.send("GET", "/api/accounts", Optional.of("wrong-token-0123456789")).statusCode());
        assertEquals("Bearer realm=\"presencegw\"", admin.send("GET", "/api/accounts", Optional.empty()).headers()
                .firstValue("WWW-Authenticate").orElse(""));
        assertEquals(200, admin.send("GET", "/health/live", Optional.empty()).statusCode());
        HttpResponse<String> page = admin.send("GET", "/", Optional.empty());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<meta name=\"viewport\""), "a page for phones too");
        assertEquals(404, admin.get("/nothing-here").statusCode());
        assertEquals(405, admin.post("/metrics").statusCode());
        assertEquals(405, admin.get("/api/reload").statusCode());
        assertEquals(400, admin.get("/api/subscriptions?limit=-3").statusCode());
        assertEquals(400, admin.post("/api/subscriptions/end?call_id=x&local_tag=y&reason=maybe").statusCode());
        assertEquals(404, admin.post("/api/accounts/reconnect?jid=nobody@jabber.test").statusCode());
        assertEquals(503, admin.post("/api/reload").statusCode(), "started in code: no file to reload");
        assertEquals(414, admin.get("/api/accounts?x=" + "a".repeat(3000)).statusCode());
    }

    /** The value of the sample line starting with {@code series} (name and labels), or -1. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
