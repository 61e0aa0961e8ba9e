package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.presencegw.sip.RawUdpPeer.responses;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.api.SipServerConfig;
import org.presencegw.sip.api.Transport;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.FakePresenceSource;
import org.presencegw.sip.testing.FreePorts;
import org.presencegw.sip.testing.MemoryStateStore;

/**
 * A SUBSCRIBE whose 200 waits for a slow store, and the watcher's retransmission of it meanwhile (bench/smoke at
 * 200/s on a busy machine: the 200 took 0.9 s, sipp resent at 0.5 s and got a 500 for the copy after the 200): the
 * copy is absorbed, and the one answer is the 200 once the store has it.
 */
class SlowStoreRetransmissionIT {

    @Test
    void retransmissionWhileTheStoreWrites_noErrorAnswer_one200AfterTheCommit() throws Exception {
        MemoryStateStore store = new MemoryStateStore();
        FakePresenceSource source = new FakePresenceSource().state("bob", ServerFixture.known(Basic.OPEN, "here"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        PresenceServer server = new PresenceServer(new SipServerConfig("127.0.0.1", FreePorts.pick(),
                Set.of(Transport.UDP), 60, 2, 120, Map.of("example.com", source)), scheduler, Clock.systemUTC(),
                store);
        CountDownLatch disk = new CountDownLatch(1);
        try (RawUdpPeer w = new RawUdpPeer(startedPort(server))) {
            store.holdCommitsUntil(disk);
            String subscribe = "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + w.port() + ";branch=z9hG4bKslow1;rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:alice@sip.example>;tag=w1\r\nTo: <sip:bob@example.com>\r\n"
                    + "Call-ID: " + w.callId + "\r\nCSeq: 1 SUBSCRIBE\r\n"
                    + "Contact: <sip:alice@127.0.0.1:" + w.port() + ">\r\nEvent: presence\r\nExpires: 60\r\n"
                    + "Content-Length: 0\r\n\r\n";
            w.send(subscribe);
            org.awaitility.Awaitility.await("the subscription waits for the store").atMost(Duration.ofSeconds(5))
                    .until(() -> server.activeSubscriptions() == 1);
            w.send(subscribe);
            List<String> whileWriting = w.collect(Duration.ofMillis(700));
            assertEquals(List.of(), whileWriting, "nothing (no 500) while the first copy's answer waits");
            disk.countDown();
            List<String> after = w.collect(Duration.ofMillis(700));
            assertEquals(1, responses(after, 200).size(), String.join("\n---\n", after));
            assertEquals(0, responses(after, 500).size(), String.join("\n---\n", after));
        } finally {
            disk.countDown();
            server.close();
            scheduler.shutdownNow();
        }
    }

    private static int startedPort(PresenceServer server) throws SipStartException {
        server.start();
        return server.port();
    }
}
