package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.ListMember;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.publish.PublicationStore;
import org.presencegw.sip.registrar.InMemoryRegistrationTable;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarConfig;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.store.SubscriptionRow;
import org.presencegw.sip.testing.Awaiting;
import org.presencegw.sip.testing.FakePresenceSource;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.DialogInfoDocument;
import org.presencegw.sip.testing.MemoryStateStore;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.ResourceListNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.presencegw.sip.testing.SubscriptionHandle;

/**
 * Durable state across a restart of the presence server (issue 9): a second server on the same port and the same
 * store takes up subscriptions (same dialog, CSeq still rising, no empty NOTIFY), bindings (their expiry) and
 * publications (their entity-tags); a store that cannot write gets 503 + Retry-After for new requests while the
 * existing subscriptions are served. The watcher and phone are real JAIN-SIP user agents that stay up throughout.
 */
class PresenceServerRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String BOB = "sip:bob@example.com";
    private static final String ALICE = "sip:alice@sip.example";
    private static final String CAROL_REG = "sip:carol@reg.example";
    private static final String TEAM_LIST = "sip:team@lists.example";
    private static final PresenceState TEAM = new PresenceState.ResourceList(List.of(
            new ListMember(BOB, ServerFixture.known(Basic.OPEN, "at work")),
            new ListMember("sip:carol@example.com", ServerFixture.known(Basic.CLOSED, "away"))));

    private final MemoryStateStore store = new MemoryStateStore();
    private final int port = FreePorts.pick();
    private Node node;

    /** One server process, as far as the test is concerned: server, sources, scheduler. */
    private final class Node implements AutoCloseable {
        final FakePresenceSource jabber = new FakePresenceSource();
        final FakePresenceSource lists = new FakePresenceSource().servingLists().state("team", TEAM);
        final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        final RegistrarPresenceSource registrar;
        final PresenceServer server;

        Node() throws SipStartException {
            this(ServerFixture.known(Basic.OPEN, "at work"));
        }

        Node(PresenceState bob) throws SipStartException {
            jabber.state("bob", bob);
            RegistrarConfig config = new RegistrarConfig(Set.of("reg.example"), new ExpiryPolicy(600, 60, 3600));
            PublicationStore publications = new PublicationStore(new ExpiryPolicy(600, 1, 3600), a -> true,
                    new SecureRandom());
            AtomicReference<PresenceSink> sink = new AtomicReference<>();
            registrar = new RegistrarPresenceSource(new Registrar(config, new InMemoryRegistrationTable()),
                    publications, (v, s) -> sink.get().publish(v, s), Clock.systemUTC());
            server = new PresenceServer(new SipServerConfig("127.0.0.1", port, Set.of(Transport.UDP), 60, 2, 120,
                    Map.of("example.com", jabber, "reg.example", registrar, "lists.example", lists)), scheduler,
                    Clock.systemUTC(), store);
            sink.set(server);
            server.setUserDirectory(UserDirectory.OPEN);
            server.serveRegistrar(registrar);
            server.start();
            registrar.start(scheduler);
        }

        @Override
        public void close() {
            registrar.close();
            server.close();
            scheduler.shutdownNow();
        }
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        store.close();
    }

    private void restart() throws SipStartException {
        node.close();
        node = new Node();
    }

    private SubscriptionHandle subscribe(SipTestAgent watcher, String presentity) {
        SubscriptionHandle h = watcher.subscribe(presentity, ALICE, 120, Map.of());
        assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
        return h;
    }

    @Test
    void subscription_survivesRestart_sameDialogRisingCseq_noEmptyNotify() throws Exception {
        node = new Node();
        try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            SubscriptionHandle h = subscribe(watcher, BOB);
            ReceivedNotify first = watcher.awaitNotify(WAIT);
            assertTrue(first.body().contains("at work"), first.body());
            assertEquals(1, store.subscriptions().size(), "the 200 was sent after the row was stored");

            restart();
            // A clean stop with a durable store tells watchers nothing: their subscription goes on.
            ReceivedNotify resumed = watcher.awaitNotify(WAIT);
            assertEquals("active", resumed.state(), "the restored subscription notifies its source's known state");
            assertEquals(h.callId(), resumed.callId());
            assertEquals(h.remoteTag(), fromTag(resumed), "same dialog: our tag is unchanged");
            assertTrue(resumed.cseq() > first.cseq(), resumed.cseq() + " after " + first.cseq());

            node.server.publish(node.jabber.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "gone home"));
            ReceivedNotify change = watcher.awaitNotify(WAIT);
            assertTrue(change.body().contains("gone home"), change.body());
            assertTrue(change.cseq() > resumed.cseq());

            watcher.refresh(h, 120);
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode(), "the refresh finds the restored dialog");
            assertEquals("active", watcher.awaitNotify(WAIT).state());
        }
    }

    /** DLG-11: a dialog (BLF) subscription keeps its package, its User-Agent profile and a rising version. */
    @Test
    @DisplayName("DLG-11")
    void dialogSubscription_survivesRestart_profileKept_versionRising() throws Exception {
        node = new Node();
        try (SipTestAgent phone = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            Map<String, String> dialog = Map.of("Event", "dialog", "User-Agent", "Yealink SIP-T46S 66.86.0.15");
            SubscriptionHandle h = phone.subscribe(BOB, ALICE, 120, dialog);
            assertEquals(200, phone.awaitResponse(WAIT).getStatusCode());
            DialogInfoDocument first = DialogInfoDocument.parse(phone.awaitNotify(WAIT).body());
            assertEquals("terminated", first.dialogs().get(0).state(), "yealink profile: idle is a terminated dialog");

            restart();
            ReceivedNotify resumed = phone.awaitNotify(WAIT);
            assertEquals("dialog", resumed.header("Event").orElseThrow());
            DialogInfoDocument again = DialogInfoDocument.parse(resumed.body());
            assertTrue(again.version() > first.version(), again.version() + " after " + first.version());
            assertEquals("terminated", again.dialogs().get(0).state(), "the profile chosen by User-Agent survived");
            phone.refresh(h, 120, Map.of("Event", "dialog"));
            assertEquals(200, phone.awaitResponse(WAIT).getStatusCode(), "the restored dialog subscription");
            assertEquals(again.version() + 1, DialogInfoDocument.parse(phone.awaitNotify(WAIT).body()).version());
        }
    }

    /** RLS-10: a list subscription survives; its first NOTIFY after the restart is full state, version rising. */
    @Test
    @DisplayName("RLS-10")
    void listSubscription_survivesRestart_fullStateAgain_versionRising() throws Exception {
        node = new Node();
        try (SipTestAgent phone = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            Map<String, String> list = Map.of("Supported", "eventlist");
            phone.subscribe(TEAM_LIST, ALICE, 120, list);
            Response ok = phone.awaitResponse(WAIT);
            assertEquals(200, ok.getStatusCode());
            assertTrue(String.valueOf(ok.getHeader("Require")).contains("eventlist"), ok.toString());
            ResourceListNotify first = rlmi(phone.awaitNotify(WAIT));
            assertTrue(first.list().fullState());
            assertEquals(2, first.list().resources().size());
            node.server.publish(node.lists.viewOf(TEAM_LIST), new PresenceState.ResourceList(List.of(
                    new ListMember(BOB, ServerFixture.known(Basic.CLOSED, "gone")),
                    new ListMember("sip:carol@example.com", ServerFixture.known(Basic.CLOSED, "away")))));
            ResourceListNotify partial = rlmi(phone.awaitNotify(WAIT));
            assertEquals(false, partial.list().fullState());
            assertEquals(List.of(BOB), partial.list().resources().stream().map(ResourceListNotify.Resource::uri)
                    .toList());

            restart();
            ResourceListNotify resumed = rlmi(phone.awaitNotify(WAIT));
            assertTrue(resumed.list().fullState(), "what the watcher was told is not stored: full state again");
            assertEquals(2, resumed.list().resources().size());
            assertTrue(resumed.list().version() > partial.list().version(),
                    resumed.list().version() + " after " + partial.list().version());
        }
    }

    @Test
    @DisplayName("RLS-09")
    void listSource_withoutSupportedEventlist_421_nothingStored() throws Exception {
        node = new Node();
        try (SipTestAgent phone = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            phone.subscribe(TEAM_LIST, ALICE, 120, Map.of());
            Response r = phone.awaitResponse(WAIT);
            assertEquals(421, r.getStatusCode());
            assertTrue(String.valueOf(r.getHeader("Require")).contains("eventlist"), r.toString());
            assertTrue(store.subscriptions().isEmpty());
        }
    }

    private static ResourceListNotify rlmi(ReceivedNotify n) {
        assertEquals(Optional.of("eventlist"), n.header("Require"));
        return ResourceListNotify.parse(n.header("Content-Type").orElseThrow(), n.body());
    }

    @Test
    void restoredSubscription_unknownState_sendsNothingUntilKnown() throws Exception {
        node = new Node();
        try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            subscribe(watcher, BOB);
            long before = watcher.awaitNotify(WAIT).cseq();
            node.close();
            node = new Node(PresenceState.UNKNOWN);
            watcher.expectNoNotify(Duration.ofSeconds(1)); // deliberate quiet period: no empty NOTIFY at start-up
            node.server.publish(node.jabber.viewOf(BOB), ServerFixture.known(Basic.OPEN, "back"));
            ReceivedNotify n = watcher.awaitNotify(WAIT);
            assertTrue(n.body().contains("back"), n.body());
            assertTrue(n.cseq() > before);
        }
    }

    @Test
    void bindingsAndPublications_surviveRestart_etagStillValid() throws Exception {
        node = new Node();
        try (SipTestAgent phone = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            Response reg = send(phone, Request.REGISTER, "sip:reg.example", CAROL_REG,
                    Map.of("To", "<" + CAROL_REG + ">", "Contact", "<sip:carol@127.0.0.1:5099>;expires=600"),
                    Optional.empty());
            assertEquals(200, reg.getStatusCode());
            assertEquals(1, store.bindings(CAROL_REG).size());
            Response pub = send(phone, Request.PUBLISH, CAROL_REG, CAROL_REG, Map.of("Event", "presence",
                    "Expires", "600", "Content-Type", "application/pidf+xml"),
                    Optional.of(PidfBodies.busy("carol", "on a call")));
            assertEquals(200, pub.getStatusCode());
            String etag = RegistrarServerFixture.header(pub, "SIP-ETag");
            assertTrue(store.publication(etag).isPresent());

            restart();
            Response query = send(phone, Request.REGISTER, "sip:reg.example", CAROL_REG,
                    Map.of("To", "<" + CAROL_REG + ">"), Optional.empty());
            assertEquals(200, query.getStatusCode());
            String contact = RegistrarServerFixture.header(query, "Contact");
            assertTrue(contact.contains("sip:carol@127.0.0.1:5099"), contact);
            int left = Integer.parseInt(contact.replaceAll(".*expires=(\\d+).*", "$1"));
            assertTrue(left > 500 && left <= 600, "the binding keeps its original expiry: " + contact);

            Response refresh = send(phone, Request.PUBLISH, CAROL_REG, CAROL_REG,
                    Map.of("Event", "presence", "Expires", "600", "SIP-If-Match", etag), Optional.empty());
            assertEquals(200, refresh.getStatusCode(), "the entity-tag survived: " + refresh);
            try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
                subscribe(watcher, CAROL_REG);
                assertTrue(watcher.awaitNotify(WAIT).body().contains("on a call"));
            }
        }
    }

    @Test
    void storeDown_newRequests503_existingServed_recoversByItself() throws Exception {
        node = new Node();
        try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            subscribe(watcher, BOB);
            watcher.awaitNotify(WAIT);
            store.failing(true);

            watcher.subscribe("sip:dave@example.com", ALICE, 120, Map.of());
            Response busy = watcher.awaitResponse(WAIT);
            assertEquals(503, busy.getStatusCode());
            assertNotNull(busy.getHeader("Retry-After"));
            Response reg = send(watcher, Request.REGISTER, "sip:reg.example", CAROL_REG,
                    Map.of("To", "<" + CAROL_REG + ">", "Contact", "<sip:carol@127.0.0.1:5099>"), Optional.empty());
            assertEquals(503, reg.getStatusCode());

            node.server.publish(node.jabber.viewOf(BOB), ServerFixture.known(Basic.CLOSED, "still served"));
            assertTrue(watcher.awaitNotify(WAIT).body().contains("still served"));

            store.failing(false);
            watcher.subscribe("sip:dave@example.com", ALICE, 120, Map.of());
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
            watcher.awaitNotify(WAIT);
        }
        List<String> presentities = store.subscriptions().stream().map(SubscriptionRow::presentity).toList();
        assertTrue(presentities.contains("sip:dave@example.com"), presentities.toString());
    }

    @Test
    void unsubscribe_removesTheRow() throws Exception {
        node = new Node();
        try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", port)) {
            SubscriptionHandle h = subscribe(watcher, BOB);
            watcher.awaitNotify(WAIT);
            watcher.unsubscribe(h);
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
            assertEquals("terminated", watcher.awaitNotify(WAIT).state());
            Awaiting.within(WAIT, "the unsubscribed row is removed").until(() -> store.subscriptions().isEmpty());
        }
    }

    private static String fromTag(ReceivedNotify n) {
        String from = n.header("From").orElseThrow();
        return from.replaceAll(".*;tag=([^;>]+).*", "$1");
    }

    private static Response send(SipTestAgent agent, String method, String uri, String from,
                                 Map<String, String> headers, Optional<String> body) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("From", "<" + from + ">;tag=" + Long.toHexString(System.nanoTime()));
        agent.send(method, uri, all, body);
        return agent.awaitResponse(WAIT);
    }
}
