package org.presencegw.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.RawUdpPeer.header;
import static org.presencegw.sip.RawUdpPeer.responses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.testing.Awaiting;

/**
 * SUBSCRIBE is answered without a server transaction: a retransmitted copy (same branch, same CSeq) must get the
 * first copy's answer again and change nothing: no second subscription, no second NOTIFY (RFC 3261 17.2.2
 * behaviour, done by the presence agent). A plain UDP socket plays the watcher so that the copies are
 * byte-identical and every datagram the server sends is seen; it answers each NOTIFY 200. (A copy that arrives
 * while the first is still waiting or being handled is dropped unparsed by the UDP reader ({@code PendingCopies}),
 * so copies go 300 ms apart, as a client's retransmission would, unless that is what a test is about.)
 */
class PresenceServerRetransmissionIT {

    private static final Duration QUIET = Duration.ofMillis(700);

    private ServerFixture fx;
    private RawUdpPeer w;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ServerFixture();
        fx.source.state("bob", ServerFixture.known(Basic.OPEN, "here"));
        w = new RawUdpPeer(fx.server.port());
    }

    @AfterEach
    void tearDown() {
        w.close();
        fx.close();
    }

    @Test
    @DisplayName("PRS-08")
    void initialSubscribeSentTwice_sameTagTwoOksOneSubscriptionOneNotify() {
        String first = subscribe("b1", 1, null, 60);
        w.sendTwice(first);
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), String.join("\n---\n", got));
        assertEquals(toTag(oks.get(0)), toTag(oks.get(1)));
        assertEquals(1, notifyCseqs(got).size(), String.join("\n---\n", got));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    /**
     * Copies that arrive while the first is still being handled (here: its source holds the watch) are dropped by the
     * UDP reader before they are parsed; once the answer is out, a copy is answered again as before.
     */
    @Test
    @DisplayName("PRS-08")
    void copiesWhileFirstStillHandled_droppedUnparsed_copyAfterTheAnswerAnsweredAgain() throws Exception {
        CountDownLatch held = fx.source.holdWatches();
        String first = subscribe("held", 1, null, 60);
        w.send(first);
        assertNotNull(fx.source.watchers.poll(5, TimeUnit.SECONDS), "the handler reached the source");
        w.send(first);
        w.send(first);
        Awaiting.within(Duration.ofSeconds(5), "both copies dropped by the reader")
                .until(() -> fx.server.udpCopiesDropped() == 2);
        held.countDown();
        List<String> got = w.collect(QUIET);
        assertEquals(1, responses(got, 200).size(), String.join("\n---\n", got));
        assertEquals(1, notifyCseqs(got).size(), String.join("\n---\n", got));
        w.send(first);
        got = w.collect(QUIET);
        assertEquals(1, responses(got, 200).size(), "a copy after the answer gets it again");
        assertEquals(0, notifyCseqs(got).size(), String.join("\n---\n", got));
        assertEquals(2, fx.server.udpCopiesDropped());
        assertEquals(2, fx.server.operatorView().stats().udpCopiesDropped(), "what /metrics reads");
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    void refreshSentTwice_twoOksOneNotify() {
        w.send(subscribe("b1", 1, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        String refresh = subscribe("b2", 2, tag, 60);
        w.sendTwice(refresh);
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), String.join("\n---\n", got));
        assertTrue(oks.get(1).contains("Expires: 60") || oks.get(1).contains("Expires: 59"), oks.get(1));
        assertEquals(List.of(2L), notifyCseqs(got));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    void unsubscribeSentTwice_bothAnswered200_noSecondFinalNotify() {
        w.send(subscribe("b1", 1, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        String unsubscribe = subscribe("b2", 2, tag, 0);
        w.sendTwice(unsubscribe);
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(2, oks.size(), "the copy gets 200 again, not 481:\n" + String.join("\n---\n", got));
        assertTrue(oks.get(1).contains("Expires: 0"), oks.get(1));
        assertEquals(List.of(2L), notifyCseqs(got));
        assertEquals(0, fx.server.activeSubscriptions());
        // A new request in the ended dialog (higher CSeq) is refused as before.
        w.send(subscribe("b3", 3, tag, 60));
        assertEquals(1, responses(w.collect(QUIET), 481).size());
    }

    @Test
    @DisplayName("AZ-07")
    void fetchSentTwice_oneNotify() {
        String fetch = subscribe("b1", 1, null, 0);
        w.sendTwice(fetch);
        List<String> got = w.collect(QUIET);
        assertEquals(2, responses(got, 200).size(), String.join("\n---\n", got));
        assertEquals(List.of(1L), notifyCseqs(got));
        assertEquals(0, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("UAS-08")
    void olderCseqInDialog_still500() {
        w.send(subscribe("b1", 5, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        w.send(subscribe("b2", 4, tag, 60));
        assertEquals(1, responses(w.collect(QUIET), 500).size());
    }

    @Test
    @DisplayName("PRS-08")
    void newInitialSubscribeReusingCallIdAndFromTag_refreshesTheSameDialog() {
        w.send(subscribe("b1", 1, null, 60));
        String tag = toTag(responses(w.collect(QUIET), 200).get(0));
        w.send(subscribe("b2", 2, null, 90));
        List<String> got = w.collect(QUIET);
        List<String> oks = responses(got, 200);
        assertEquals(1, oks.size(), String.join("\n---\n", got));
        assertEquals(tag, toTag(oks.get(0)));
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("SEC-05, UAS-02: overloaded (heap or receive queue short): new subscription 503 + Retry-After")
    void newSubscriptionWhileProcessOverloaded_503WithRetryAfter_refreshStillServed() throws Exception {
        w.send(subscribe("b1", 1, null, 60));
        List<String> first = w.collect(QUIET);
        String tag = toTag(responses(first, 200).get(0));
        // Short of heap or of receive queue (OverloadGuard): new subscriptions wait, existing ones go on.
        fx.server.overloadSignal(() -> true);
        try (RawUdpPeer other = new RawUdpPeer(fx.server.port())) {
            other.send(subscribe(other, "n1", 1, null, 60));
            List<String> got = other.collect(QUIET);
            List<String> busy = responses(got, 503);
            assertEquals(1, busy.size(), String.join("\n---\n", got));
            assertEquals("5", header(busy.get(0), "Retry-After").orElseThrow());
            assertTrue(header(busy.get(0), "To").orElseThrow().contains(";tag="), "UAS-02: 503 has a To tag");
            assertEquals(1, fx.server.udpOverloadShed(), "answered by the UDP reader, unparsed");
        }
        w.send(subscribe("b2", 2, tag, 60));
        assertEquals(1, responses(w.collect(QUIET), 200).size(), "a refresh is not shed");
        assertEquals(1, fx.server.activeSubscriptions());
    }

    /**
     * While overloaded the UDP reader answers a new subscription 503 itself (decision 0013): the handler never sees
     * it, a copy gets the same answer, the 503 is counted like any other. A copy of a SUBSCRIBE answered 200 before
     * the overload still gets its 200, and what the reader does not follow (here: a folded header line) is shed by
     * the handler as before.
     */
    @Test
    @DisplayName("SEC-05, UAS-02: overloaded: the UDP reader sheds new subscriptions; copies of answered ones get 200")
    void overloaded_readerSheds_copyOfShedSame503_copyOfAnswered200_unfollowedShedByHandler() throws Exception {
        String accepted = subscribe("ok1", 1, null, 60);
        w.send(accepted);
        List<String> first = w.collect(QUIET);
        String tag = toTag(responses(first, 200).get(0));
        fx.server.overloadSignal(() -> true);
        w.send(accepted);
        List<String> gotAgain = w.collect(QUIET);
        List<String> again = responses(gotAgain, 200);
        assertEquals(1, again.size(), "the copy of an answered SUBSCRIBE gets its 200 again: "
                + String.join("\n---\n", gotAgain));
        assertEquals(tag, toTag(again.get(0)));
        assertEquals(0, fx.server.udpOverloadShed());
        try (RawUdpPeer other = new RawUdpPeer(fx.server.port())) {
            String shed = subscribe(other, "n1", 1, null, 60);
            other.send(shed);
            List<String> busy = responses(other.collect(QUIET), 503);
            other.send(shed);
            List<String> copy = responses(other.collect(QUIET), 503);
            assertEquals(1, busy.size());
            assertEquals(List.of(busy.get(0)), copy, "a copy of a shed SUBSCRIBE: the same 503, byte for byte");
            assertEquals(2, fx.server.udpOverloadShed());
            assertTrue(header(busy.get(0), "Via").orElseThrow().contains(";received=127.0.0.1;rport=" + other.port()),
                    header(busy.get(0), "Via").orElseThrow());
            long[] counted = {0};
            fx.server.operatorView().stats().forEachResponse((method, status, n) -> {
                if (method.equals("SUBSCRIBE") && status == 503) {
                    counted[0] = n;
                }
            });
            assertEquals(2, counted[0], "counted as answers");
            String folded = subscribe(other, "n2", 1, null, 60).replace("Max-Forwards: 70\r\n",
                    "Max-Forwards:\r\n 70\r\n");
            other.send(folded);
            List<String> byHandler = responses(other.collect(QUIET), 503);
            assertEquals(1, byHandler.size(), "not followed by the reader: the handler sheds it");
            assertEquals(2, fx.server.udpOverloadShed());
        }
        assertEquals(1, fx.server.activeSubscriptions());
    }

    @Test
    @DisplayName("UAS-07: same Call-ID, From tag and CSeq with another branch is a merged request: 482")
    void mergedInitialSubscribe_sameCseqNewBranch_482UAS07() {
        w.send(subscribe("b1", 1, null, 60));
        assertEquals(1, responses(w.collect(QUIET), 200).size());
        // RFC 3261 8.2.2.2: the same request (Call-ID, From tag, CSeq) over another path has another branch.
        w.send(subscribe("other-path", 1, null, 60));
        List<String> got = w.collect(QUIET);
        assertEquals(1, responses(got, 482).size(), String.join("\n---\n", got));
        assertEquals(0, notifyCseqs(got).size(), "a merged request makes no NOTIFY");
        assertEquals(1, fx.server.activeSubscriptions());
    }

    private String subscribe(String branch, long cseq, String toTag, int expires) {
        return subscribe(w, branch, cseq, toTag, expires);
    }

    private static String subscribe(RawUdpPeer w, String branch, long cseq, String toTag, int expires) {
        int port = w.port();
        return "SUBSCRIBE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + branch + w.callId.hashCode() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@sip.example>;tag=w1\r\n"
                + "To: <sip:bob@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + w.callId + "\r\n"
                + "CSeq: " + cseq + " SUBSCRIBE\r\n"
                + "Contact: <sip:alice@127.0.0.1:" + port + ">\r\n"
                + "Event: presence\r\n"
                + "Accept: application/pidf+xml\r\n"
                + "Expires: " + expires + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static List<Long> notifyCseqs(List<String> datagrams) {
        List<Long> out = new ArrayList<>();
        for (String d : datagrams) {
            if (d.startsWith("NOTIFY ")) {
                long cseq = Long.parseLong(header(d, "CSeq").orElseThrow().split(" ")[0]);
                if (!out.contains(cseq)) {
                    out.add(cseq);
                }
            }
        }
        return out;
    }

    private static String toTag(String message) {
        Matcher m = Pattern.compile(";tag=([^;>\\s]+)").matcher(header(message, "To").orElseThrow());
        assertTrue(m.find(), message);
        return m.group(1);
    }

}
