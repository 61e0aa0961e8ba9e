package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.RegistrarServerFixture.BOB;
import static org.presencegw.sip.RegistrarServerFixture.WAIT;
import static org.presencegw.sip.RegistrarServerFixture.header;

import java.nio.charset.StandardCharsets;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipUserState;
import org.presencegw.sip.api.UserDirectory;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;

/** PUBLISH (RFC 3903) over a real stack, the state it gives watchers, and the reverse-direction user events. */
class PresenceServerPublishIT {

    private static final String WATCHER = "sip:watcher@sip.example";

    private RegistrarServerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new RegistrarServerFixture(UserDirectory.OPEN);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** A watcher of bob that has had its first NOTIFY. */
    private SipTestAgent watchBob() {
        SipTestAgent w = f.watcher();
        w.subscribe(BOB, WATCHER, 60, Map.of());
        assertEquals(200, w.awaitResponse(WAIT).getStatusCode());
        assertTrue(w.awaitNotify(WAIT).body().contains("<basic>closed</basic>"));
        return w;
    }

    @Test
    @DisplayName("PUB-10, PUB-11: PUB-03")
    void publish_busyWithNote_200WithEtagAndExpires_watcherNotifyCarriesBusyAndNote() {
        try (SipTestAgent w = watchBob()) {
            Response ok = f.publish(BOB, Map.of("Record-Route", "<sip:proxy.example;lr>"),
                    Optional.of(PidfBodies.busy("bob", "In a meeting")));
            assertEquals(200, ok.getStatusCode(), ok.toString());
            assertFalse(header(ok, "SIP-ETag").isEmpty());
            assertEquals("600", header(ok, "Expires"));
            assertNull(ok.getHeader("Record-Route"), "PUB-10");
            ReceivedNotify n = w.awaitNotify(WAIT);
            assertTrue(n.body().contains("busy"), n.body());
            assertTrue(n.body().contains("In a meeting"), n.body());
        }
    }

    @Test
    @DisplayName("PUB-08")
    void publish_refreshWithEtag_newEtag_modifyReplacesState() {
        Response first = f.publish(BOB, Map.of(), Optional.of(PidfBodies.open("bob")));
        String e1 = header(first, "SIP-ETag");
        Response refreshed = f.publish(BOB, Map.of("SIP-If-Match", e1), Optional.empty());
        assertEquals(200, refreshed.getStatusCode());
        String e2 = header(refreshed, "SIP-ETag");
        assertNotEquals(e1, e2, "PUB-08/09: a fresh entity-tag");
        try (SipTestAgent w = f.watcher()) {
            w.subscribe(BOB, WATCHER, 60, Map.of());
            assertEquals(200, w.awaitResponse(WAIT).getStatusCode());
            assertTrue(w.awaitNotify(WAIT).body().contains("<basic>open</basic>"));
            Response modified = f.publish(BOB, Map.of("SIP-If-Match", e2), Optional.of(PidfBodies.busy("bob", "x")));
            assertEquals(200, modified.getStatusCode());
            assertNotEquals(e2, header(modified, "SIP-ETag"));
            assertTrue(w.awaitNotify(WAIT).body().contains("busy"));
        }
    }

    @Test
    @DisplayName("PUB-04")
    void publish_unknownEtag_412() {
        Response r = f.publish(BOB, Map.of("SIP-If-Match", "nope"), Optional.empty());
        assertEquals(412, r.getStatusCode());
    }

    @Test
    @DisplayName("PUB-04")
    void publish_twoEtags_400() {
        String e1 = header(f.publish(BOB, Map.of(), Optional.of(PidfBodies.open("bob"))), "SIP-ETag");
        // The RI will not build a comma list here, and drops it when parsing: raw bytes, then.
        String publish = "PUBLISH " + BOB + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + f.agent.rawPort() + ";branch=z9hG4bK-pub2;rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <" + BOB + ">;tag=p2\r\nTo: <" + BOB + ">\r\n"
                + "Call-ID: two-etags@127.0.0.1\r\nCSeq: 1 PUBLISH\r\nEvent: presence\r\n"
                + "SIP-If-Match: " + e1 + ", other\r\nContent-Length: 0\r\n\r\n";
        f.agent.sendRaw(publish.getBytes(StandardCharsets.US_ASCII));
        String answer = f.agent.awaitRaw(WAIT).orElseThrow(() -> new AssertionError("no answer"));
        assertTrue(answer.startsWith("SIP/2.0 400"), answer);
    }

    @Test
    @DisplayName("PUB-08")
    void publish_expiresZero_watcherBackToBindingDerivedState() {
        assertEquals(200, f.register(BOB, Map.of("Contact", "<sip:bob@127.0.0.1:5999>")).getStatusCode());
        try (SipTestAgent w = f.watcher()) {
            w.subscribe(BOB, WATCHER, 60, Map.of());
            assertEquals(200, w.awaitResponse(WAIT).getStatusCode());
            assertTrue(w.awaitNotify(WAIT).body().contains("sip:bob@127.0.0.1:5999"));
            String etag = header(f.publish(BOB, Map.of(), Optional.of(PidfBodies.busy("bob", "busy now"))),
                    "SIP-ETag");
            assertTrue(w.awaitNotify(WAIT).body().contains("busy now"));
            Response removed = f.publish(BOB, Map.of("SIP-If-Match", etag, "Expires", "0"), Optional.empty());
            assertEquals(200, removed.getStatusCode());
            assertEquals("0", header(removed, "Expires"));
            ReceivedNotify back = w.awaitNotify(WAIT);
            assertTrue(back.body().contains("sip:bob@127.0.0.1:5999") && !back.body().contains("busy now"),
                    back.body());
        }
    }

    @Test
    void publish_lapses_sweepNotifiesWatcherOfBindingDerivedState() {
        try (SipTestAgent w = watchBob()) {
            assertEquals(200, f.publish(BOB, Map.of("Expires", "1"), Optional.of(PidfBodies.busy("bob", "brief")))
                    .getStatusCode());
            assertTrue(w.awaitNotify(WAIT).body().contains("brief"));
            ReceivedNotify lapsed = w.awaitNotify(WAIT);
            assertTrue(lapsed.body().contains("<basic>closed</basic>") && !lapsed.body().contains("brief"),
                    lapsed.body());
        }
    }

    @Test
    @DisplayName("PUB-06")
    void publish_textPlain_415WithAccept() {
        Response r = f.publish(BOB, Map.of("Content-Type", "text/plain"), Optional.of("hello"));
        assertEquals(415, r.getStatusCode());
        assertTrue(header(r, "Accept").contains("application/pidf+xml"));
    }

    @Test
    @DisplayName("PUB-02")
    void publish_eventDialog_489() {
        Response r = f.publish(BOB, Map.of("Event", "dialog"), Optional.of(PidfBodies.open("bob")));
        assertEquals(489, r.getStatusCode());
    }

    @Test
    void publish_invalidPidf_400() {
        Response r = f.publish(BOB, Map.of(), Optional.of("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\""));
        assertEquals(400, r.getStatusCode());
    }

    @Test
    @DisplayName("PUB-01")
    void publish_otherDomain_404() {
        Response r = f.publish("sip:bob@elsewhere.example", Map.of(), Optional.of(PidfBodies.open("bob")));
        assertEquals(404, r.getStatusCode(), "PUB-01");
    }

    @Test
    @DisplayName("PUB-12, UAS-10")
    void options_allowListsPublish() {
        f.agent.options(RegistrarServerFixture.REGISTRAR_URI);
        Response r = f.agent.awaitResponse(WAIT);
        StringBuilder allow = new StringBuilder();
        ListIterator<?> allows = r.getHeaders("Allow");
        allows.forEachRemaining(allow::append);
        assertTrue(allow.toString().contains("PUBLISH") && allow.toString().contains("REGISTER"), allow.toString());
    }

    @Test
    void userListener_registerPublishUnregister_seesRegisteredPublishedThenUnregistered() {
        assertEquals(200, f.register(BOB, Map.of("Contact", "<sip:bob@127.0.0.1:5999>")).getStatusCode());
        SipUserState registered = f.awaitUserState(BOB, SipUserState::registered);
        assertTrue(registered.published().isEmpty());
        String etag = header(f.publish(BOB, Map.of(), Optional.of(PidfBodies.busy("bob", "on it"))), "SIP-ETag");
        SipUserState published = f.awaitUserState(BOB, s -> s.published().isPresent());
        assertTrue(published.registered());
        assertEquals(Set.of(Activity.BUSY), published.published().orElseThrow().person().orElseThrow().activities());
        assertEquals(200, f.publish(BOB, Map.of("SIP-If-Match", etag, "Expires", "0"), Optional.empty())
                .getStatusCode());
        assertTrue(f.awaitUserState(BOB, s -> s.published().isEmpty()).registered());
        assertEquals(200, f.register(BOB, Map.of("Contact", "*", "Expires", "0")).getStatusCode());
        SipUserState gone = f.awaitUserState(BOB, s -> !s.registered());
        assertTrue(gone.published().isEmpty());
    }

    @Test
    void userListener_publicationLapses_seesPublishedEmpty() {
        assertEquals(200, f.publish(BOB, Map.of("Expires", "1"), Optional.of(PidfBodies.open("bob")))
                .getStatusCode());
        f.awaitUserState(BOB, s -> s.published().isPresent());
        SipUserState lapsed = f.awaitUserState(BOB, s -> s.published().isEmpty());
        assertFalse(lapsed.registered());
    }

    @Test
    @DisplayName("PUB-01")
    void publish_requestUriWithoutUser_404() {
        Response r = f.send(Request.PUBLISH, "sip:reg.example", "sip:bob@reg.example",
                Map.of("Event", "presence", "Content-Type", "application/pidf+xml"),
                Optional.of(PidfBodies.open("bob")));
        assertEquals(404, r.getStatusCode(), r.toString());
    }

    @Test
    @DisplayName("PIDF-11")
    void publish_unknownStatusExtension_200_mustUnderstand_400() {
        String ext = """
                <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:x="urn:example:x" entity="sip:bob@reg.example">
                  <tuple id="t1"><status><basic>open</basic><x:foo%s>bar</x:foo></status></tuple>
                </presence>
                """;
        assertEquals(200, f.publish(BOB, Map.of(), Optional.of(ext.formatted(""))).getStatusCode(), "PIDF-11");
        Response refused = f.publish(BOB, Map.of(), Optional.of(ext.formatted(" mustUnderstand=\"true\"")));
        assertEquals(400, refused.getStatusCode(), "PIDF-11 mustUnderstand");
    }

    @Test
    @DisplayName("SEC-05: overloaded (heap or receive queue short): a new publication 503 + Retry-After, a refresh 200")
    void publishWhileOverloaded_new503WithRetryAfter_refreshServed() {
        String etag = header(f.publish(BOB, Map.of(), Optional.of(PidfBodies.open("bob"))), "SIP-ETag");
        f.server.overloadSignal(() -> true);
        Response busy = f.publish("sip:carol@reg.example", Map.of(), Optional.of(PidfBodies.open("carol")));
        assertEquals(503, busy.getStatusCode(), busy.toString());
        assertEquals("5", header(busy, "Retry-After"));
        Response refreshed = f.publish(BOB, Map.of("SIP-If-Match", etag), Optional.empty());
        assertEquals(200, refreshed.getStatusCode(), "a refresh is not shed");
        f.server.overloadSignal(() -> false);
        assertEquals(200, f.publish("sip:carol@reg.example", Map.of(), Optional.of(PidfBodies.open("carol")))
                .getStatusCode());
    }
}
