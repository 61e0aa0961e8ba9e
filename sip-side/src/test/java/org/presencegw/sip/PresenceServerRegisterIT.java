package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.PresenceSink;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.api.ExpiryPolicy;
import org.presencegw.sip.registrar.InMemoryRegistrationTable;
import org.presencegw.sip.registrar.Registrar;
import org.presencegw.sip.registrar.RegistrarConfig;
import org.presencegw.sip.registrar.RegistrarPresenceSource;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;

/** REGISTER over a real stack: the response rules of RFC 3261 10.3 the adapter owns, and the presence it drives. */
class PresenceServerRegisterIT {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String DOMAIN = "reg.example";
    private static final String BOB = "sip:bob@reg.example";

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private PresenceServer server;
    private RegistrarPresenceSource source;
    private SipTestAgent agent;

    @BeforeEach
    void setUp() throws Exception {
        Registrar registrar = new Registrar(new RegistrarConfig(Set.of(DOMAIN), new ExpiryPolicy(600, 60, 3600)),
                new InMemoryRegistrationTable());
        AtomicReference<PresenceSink> target = new AtomicReference<>();
        source = new RegistrarPresenceSource(registrar, (v, s) -> target.get().publish(v, s), Clock.systemUTC());
        server = new PresenceServer(new SipServerConfig("127.0.0.1", FreePorts.pick(), Set.of(Transport.UDP), 60, 2,
                120, Map.of(DOMAIN, source)), scheduler, Clock.systemUTC());
        target.set(server);
        server.serveRegistrar(registrar, source::onChange);
        server.start();
        source.start(scheduler);
        agent = SipTestAgent.start(Transport.UDP, "127.0.0.1", server.port());
    }

    @AfterEach
    void tearDown() {
        agent.close();
        source.close();
        server.close();
        scheduler.shutdownNow();
    }

    private Response register(Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putIfAbsent("To", "<" + BOB + ">");
        agent.send(Request.REGISTER, "sip:" + DOMAIN, all, Optional.empty());
        return agent.awaitResponse(WAIT);
    }

    private static List<String> contacts(Response r) {
        List<String> out = new ArrayList<>();
        ListIterator<?> contacts = r.getHeaders(ContactHeader.NAME);
        contacts.forEachRemaining(h -> out.add(h.toString().trim()));
        return out;
    }

    @Test
    @DisplayName("REG-11, REG-12: UAS-02")
    void register_withRecordRoute_200ListsBindingWithExpires_dateToTag_noRecordRoute() {
        Response r = register(Map.of("Contact", "<sip:bob@127.0.0.1:5999>", "Expires", "120",
                "Record-Route", "<sip:proxy.example;lr>"));
        assertEquals(200, r.getStatusCode(), r.toString());
        List<String> listed = contacts(r);
        assertEquals(1, listed.size(), listed.toString());
        assertTrue(listed.get(0).contains("sip:bob@127.0.0.1:5999") && listed.get(0).contains("expires=120"),
                listed.toString());
        assertNotNull(r.getHeader("Date"), "REG-11 Date");
        assertNull(r.getHeader("Record-Route"), "REG-12");
        assertNotNull(((ToHeader) r.getHeader(ToHeader.NAME)).getTag());
    }

    @Test
    @DisplayName("REG-08")
    void register_tooBrief_423WithMinExpires_andZeroIsNever423() {
        Response r = register(Map.of("Contact", "<sip:bob@127.0.0.1:5999>", "Expires", "30"));
        assertEquals(423, r.getStatusCode());
        assertEquals("60", r.getHeader("Min-Expires").toString().replaceAll("(?s).*:", "").trim());
        assertEquals(200, register(Map.of("Contact", "<sip:bob@127.0.0.1:5999>", "Expires", "0")).getStatusCode());
    }

    @Test
    @DisplayName("REG-02, UAS-05")
    void register_withRequire_420Unsupported() {
        Response r = register(Map.of("Contact", "<sip:bob@127.0.0.1:5999>", "Require", "foo"));
        assertEquals(420, r.getStatusCode());
        assertTrue(r.getHeader("Unsupported").toString().contains("foo"));
    }

    @Test
    @DisplayName("UAS-05")
    void register_withTwoRequireTags_420ListingBoth() {
        String register = "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + agent.rawPort() + ";branch=z9hG4bK-req2;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <" + BOB + ">;tag=r2\r\nTo: <" + BOB + ">\r\n"
                + "Call-ID: require-two@127.0.0.1\r\nCSeq: 1 REGISTER\r\nRequire: foo, bar\r\n"
                + "Contact: <sip:bob@127.0.0.1:5999>\r\nContent-Length: 0\r\n\r\n";
        agent.sendRaw(register.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String answer = agent.awaitRaw(WAIT).orElseThrow(() -> new AssertionError("no answer"));
        assertTrue(answer.startsWith("SIP/2.0 420"), answer);
        assertTrue(answer.contains("foo") && answer.contains("bar"), answer);
    }

    @Test
    @DisplayName("REG-01")
    void register_otherDomain_404() {
        agent.send(Request.REGISTER, "sip:other.example", Map.of("To", "<sip:bob@other.example>"), Optional.empty());
        assertEquals(404, agent.awaitResponse(WAIT).getStatusCode());
    }

    @Test
    @DisplayName("UAS-10")
    void options_allowListsRegister() {
        agent.options("sip:" + DOMAIN);
        Response r = agent.awaitResponse(WAIT);
        StringBuilder allow = new StringBuilder();
        ListIterator<?> allows = r.getHeaders("Allow");
        allows.forEachRemaining(allow::append);
        assertTrue(allow.toString().contains("REGISTER"), allow.toString());
    }

    @Test
    @DisplayName("PRS-09")
    void register_watchedAor_watcherSeesOpenThenClosedOnWildcard() {
        try (SipTestAgent watcher = SipTestAgent.start(Transport.UDP, "127.0.0.1", server.port())) {
            watcher.subscribe(BOB, "sip:alice@sip.example", 60, Map.of());
            assertEquals(200, watcher.awaitResponse(WAIT).getStatusCode());
            assertTrue(watcher.awaitNotify(WAIT).body().contains("<basic>closed</basic>"));
            assertEquals(200, register(Map.of("Contact", "<sip:bob@127.0.0.1:5999>", "Expires", "60"))
                    .getStatusCode());
            ReceivedNotify open = watcher.awaitNotify(WAIT);
            assertTrue(open.body().contains("<basic>open</basic>"), open.body());
            Response cleared = register(Map.of("Contact", "*", "Expires", "0"));
            assertEquals(200, cleared.getStatusCode());
            assertEquals(List.of(), contacts(cleared));
            assertTrue(watcher.awaitNotify(WAIT).body().contains("<basic>closed</basic>"));
        }
    }
}
