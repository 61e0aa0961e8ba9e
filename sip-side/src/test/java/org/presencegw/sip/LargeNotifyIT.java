package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sip.header.ViaHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceState;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;

/**
 * RFC 3261 18.1.1 (TRN-05): a NOTIFY above 1300 bytes to a watcher that subscribed over UDP goes over TCP, top Via
 * changed, when its Contact allows it; a small one stays on UDP. The watcher is a JAIN-SIP UA on UDP and TCP.
 */
class LargeNotifyIT {

    private ServerFixture fx;
    private SipTestAgent watcher;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        watcher = fx.agent(Transport.UDP);
        watcher.listenOnTcpToo();
    }

    @AfterEach
    void tearDown() {
        watcher.close();
        fx.close();
    }

    @Test
    @DisplayName("TRN-05: NOTIFY above 1300 bytes to a UDP watcher goes over TCP, top Via updated")
    void largeNotify_udpWatcher_sentOverTcpWithTcpVia() {
        fx.source.state("bob", manyTuples(30));
        watcher.subscribe(ServerFixture.BOB, ServerFixture.ALICE, 60, Map.of());
        assertEquals(200, watcher.awaitResponse(ServerFixture.WAIT).getStatusCode());
        ReceivedNotify notify = watcher.awaitNotify(ServerFixture.WAIT);
        assertTrue(notify.body().length() > 1300, "body of " + notify.body().length());
        ViaHeader via = (ViaHeader) notify.request().getHeader(ViaHeader.NAME);
        assertEquals("TCP", via.getTransport().toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void smallNotify_staysOnUdp() {
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        watcher.subscribe(ServerFixture.BOB, ServerFixture.ALICE, 60, Map.of());
        assertEquals(200, watcher.awaitResponse(ServerFixture.WAIT).getStatusCode());
        ViaHeader via = (ViaHeader) watcher.awaitNotify(ServerFixture.WAIT).request().getHeader(ViaHeader.NAME);
        assertEquals("UDP", via.getTransport().toUpperCase(java.util.Locale.ROOT));
    }

    private static PresenceState manyTuples(int n) {
        List<PresenceTuple> tuples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tuples.add(new PresenceTuple("t" + i, Basic.OPEN, Optional.empty(),
                    Optional.of("sip:bob@device" + i + ".example.com"), Optional.empty(),
                    List.of(Note.of("device number " + i + " is online")),
                    Optional.of(Instant.parse("2024-05-01T10:00:00Z"))));
        }
        return new PresenceState.Known(new PresenceDocument(tuples, Optional.empty()));
    }
}
