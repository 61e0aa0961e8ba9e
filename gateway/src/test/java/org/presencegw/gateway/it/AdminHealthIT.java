package org.presencegw.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.gateway.it.GatewayFixture.sip;
import static org.presencegw.gateway.it.GatewayFixture.watcher;
import static org.presencegw.gateway.it.Watch.TIMEOUT;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * Operators during an XMPP outage (Prosody stopped, as in {@link XmppServerRestartIT}): {@code /health/ready} turns 503
 * and names the account that is down, then 200 again; the status page, in headless Chromium at a phone's width,
 * shows the watcher's subscription and the account going offline and coming back online, as a person sees it.
 */
class AdminHealthIT {
    private static final String TOKEN = "admin-health-token-0123456789";
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /** Fresh per test: each stops and restarts Prosody. */
    @RegisterExtension
    static final GatewayFixture GW = GatewayFixture.builder()
            .accounts("alice", "bob").mutualContacts("alice", "bob")
            .mapped("alice").admin(Optional.of(TOKEN)).perTest()
            .build();

    @Test
    void ready_turns503NamingTheAccountDuringAnXmppOutage_andBack() {
        AdminClient admin = new AdminClient(GW.adminPort(), Optional.of(TOKEN));
        HttpResponse<String> up = admin.until("/health/ready", OUTAGE, "ready", r -> r.statusCode() == 200);
        assertTrue(up.body().contains("\"ready\":true"), up.body());
        assertTrue(up.body().contains("\"down\":[]"), up.body());

        GW.xmppServer().stop();
        HttpResponse<String> down = admin.until("/health/ready", OUTAGE, "not ready", r -> r.statusCode() == 503);
        assertTrue(down.body().contains("xmpp account alice@jabber.test: offline"), down.body());
        assertTrue(down.body().contains("\"ready\":false"), down.body());
        assertTrue(down.body().contains("\"listening\":true"), "SIP still serves: " + down.body());
        assertEquals(200, admin.get("/health/live").statusCode(), "alive all along");

        GW.xmppServer().start();
        admin.until("/health/ready", OUTAGE, "ready again", r -> r.statusCode() == 200);
    }

    @Test
    void statusPage_showsTheSubscriptionAndTheOutage() throws Exception {
        String url = "http://127.0.0.1:" + GW.adminPort() + "/";
        try (StatusPageBrowser page = StatusPageBrowser.open(url, TOKEN);
             SipTestAgent alice = GW.agent(Transport.UDP)) {
            page.await("page loaded", TIMEOUT, l -> l.equals("LOADED"));
            page.await("alice online", OUTAGE, l -> l.contains("[\"sip:alice@sip.test\",\"alice@jabber.test\","
                    + "\"online\""));

            alice.subscribe(sip("bob"), watcher("alice"), 600, Map.of());
            assertEquals(200, alice.awaitResponse(TIMEOUT).getStatusCode());
            page.await("a row for the subscription", TIMEOUT, l -> l.contains("[\"sip:alice@sip.test\","
                    + "\"sip:bob@jabber.test\",\"presence\",\"active\""));

            page.command("SEARCH nobody-like-this");
            page.await("rows filtered out", TIMEOUT, l -> l.startsWith("VIEW ") && l.contains("\"subscriptions\":[]")
                    && l.contains("\"accounts\":[]"));
            page.command("SEARCH bob");
            page.await("the subscription row back", TIMEOUT, l -> l.contains("\"sip:bob@jabber.test\",\"presence\""));
            page.command("SEARCH ");

            GW.xmppServer().stop();
            page.await("alice shown offline", OUTAGE, l -> l.contains("\"alice@jabber.test\",\"offline\""));
            Path shot = Path.of("target/admin-status-outage.png").toAbsolutePath();
            page.command("SHOT " + shot);
            page.await("screenshot", TIMEOUT, l -> l.equals("SHOT"));

            GW.xmppServer().start();
            page.await("alice online again", OUTAGE, l -> l.contains("\"alice@jabber.test\",\"online\""));
        }
    }
}
