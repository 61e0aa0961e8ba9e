package org.presencegw.sip.subscription;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpNotifyClient}, RFC 3261 17.1.2.2's non-INVITE client transaction, over real loopback sockets on a fake
 * clock: Timer E's copies (T1, doubling to T2; T2 once a provisional answer came), Timer F, one end per
 * transaction, and which datagrams it takes from the RI (answers whose top Via branch is ours) and which not.
 */
class UdpNotifyClientTest {

    private static final long MS = 1_000_000L;
    /** Near the end of the long range: the clock wraps during the transactions, as System.nanoTime may. */
    private static final long START = Long.MAX_VALUE - 10_000 * MS;
    private static final byte[] NOTIFY = ("NOTIFY sip:alice@127.0.0.1:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK.nTEST\r\nContent-Length: 0\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);

    private final AtomicLong nanos = new AtomicLong(START);
    private final List<String> ends = new ArrayList<>();
    private final UdpNotifyClient client = new UdpNotifyClient(new UdpNotifyClient.Ends() {
        @Override
        public void answered(UdpNotifyClient.Tx tx, int status) {
            ends.add("answered " + tx.branch + " " + status);
        }

        @Override
        public void timedOut(UdpNotifyClient.Tx tx) {
            ends.add("timedOut " + tx.branch);
        }

        @Override
        public void sendFailed(UdpNotifyClient.Tx tx) {
            ends.add("sendFailed " + tx.branch);
        }
    }, nanos::get);

    private DatagramSocket sender;
    private DatagramSocket receiver;

    @BeforeEach
    void sockets() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        sender = new DatagramSocket(new InetSocketAddress(loopback, 0));
        receiver = new DatagramSocket(new InetSocketAddress(loopback, 0));
    }

    @AfterEach
    void close() {
        sender.close();
        receiver.close();
    }

    private void at(long millis) {
        nanos.set(START + millis * MS);
    }

    /** The next datagram the receiver gets within {@code timeoutMillis}, or null. */
    private byte[] receive(int timeoutMillis) throws IOException {
        receiver.setSoTimeout(timeoutMillis);
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        try {
            receiver.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    }

    private void assertCopy(byte[] expected, String when) throws IOException {
        assertArrayEquals(expected, receive(2000), "a byte-identical copy " + when);
        assertNull(receive(50), "one copy only " + when);
    }

    private void assertNothingSent(String when) throws IOException {
        assertNull(receive(100), "nothing sent " + when);
    }

    /** Sweeps at {@code millis} after the start and expects a copy; sweeps 1 ms before and expects none. */
    private void assertCopyAt(long millis, byte[] expected) throws IOException {
        at(millis - 1);
        client.sweep();
        assertNothingSent("at +" + (millis - 1) + " ms");
        at(millis);
        client.sweep();
        assertCopy(expected, "at +" + millis + " ms");
    }

    private UdpNotifyClient.Tx sent(String branch, byte[] bytes) throws IOException {
        int before = client.size();
        UdpNotifyClient.Tx tx = client.prepare(branch, bytes, sender,
                (InetSocketAddress) receiver.getLocalSocketAddress(), NotifyPacerTest.subscription("c-" + branch));
        assertEquals(before, client.size(), "prepared, not yet in flight");
        client.send(tx);
        assertEquals(before + 1, client.size());
        assertArrayEquals(bytes, receive(2000), "the first send arrives");
        return tx;
    }

    private static byte[] response(int status, String reason, String... vias) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String via : vias) {
            b.append("Via: SIP/2.0/UDP 127.0.0.1:5060;branch=").append(via).append(";received=127.0.0.1\r\n");
        }
        b.append("From: <sip:bob@example.com>;tag=ours\r\nTo: <sip:alice@sip.example>;tag=theirs\r\n")
                .append("Call-ID: c1\r\nCSeq: 2 NOTIFY\r\nContent-Length: 0\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private boolean consume(byte[] datagram) {
        return client.consume(datagram, 0, datagram.length);
    }

    @Test
    void unanswered_timerE_doublesToT2_timerF_endsOnceAt32s() throws IOException {
        String branch = UdpNotifyClient.branch();
        assertTrue(branch.startsWith(UdpNotifyClient.BRANCH_PREFIX), branch);
        UdpNotifyClient.Tx tx = sent(branch, NOTIFY);
        at(0);
        client.sweep();
        assertNothingSent("at once");
        at(499);
        client.sweep();
        assertNothingSent("at +499 ms");
        at(500);
        client.sweep();
        assertCopy(NOTIFY, "at +500 ms (T1)");
        client.sweep();
        assertNothingSent("on a second sweep at the same time");
        // Intervals 1 s, 2 s, then T2 = 4 s.
        long[] copies = {1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500};
        for (long t : copies) {
            assertCopyAt(t, NOTIFY);
        }
        assertEquals(1 + copies.length, tx.copies());
        assertEquals(List.of(), ends, "not ended before Timer F");
        at(31_999);
        client.sweep();
        assertNothingSent("at +31.999 s");
        assertEquals(List.of(), ends);
        at(32_000);
        client.sweep();
        assertEquals(List.of("timedOut " + branch), ends, "Timer F: 64*T1");
        assertNothingSent("when Timer F fires");
        assertEquals(0, client.size());
        at(36_000);
        client.sweep();
        at(100_000);
        client.sweep();
        assertNothingSent("after Timer F");
        assertEquals(List.of("timedOut " + branch), ends, "once");
        assertTrue(consume(response(200, "OK", branch)), "a late answer is ours, dropped");
        assertEquals(List.of("timedOut " + branch), ends, "and ends nothing");
    }

    @Test
    void provisional_thenT2_final_endsOnce_copiesOfItAreTakenAndIgnored() throws IOException {
        String branch = UdpNotifyClient.BRANCH_PREFIX + "p1";
        UdpNotifyClient.Tx tx = sent(branch, NOTIFY);
        assertCopyAt(500, NOTIFY);
        assertTrue(consume(response(100, "Trying", branch)));
        assertEquals(List.of(), ends, "a provisional answer ends nothing");
        assertEquals(1, client.size());
        // The timer set before the 1xx still fires at +1.5 s; from then on every T2.
        assertCopyAt(1500, NOTIFY);
        assertCopyAt(5500, NOTIFY);
        assertCopyAt(9500, NOTIFY);
        assertTrue(consume(response(180, "Ringing", branch)), "another provisional answer");
        assertCopyAt(13_500, NOTIFY);
        assertEquals(5, tx.copies());
        assertTrue(consume(response(200, "OK", branch)));
        assertEquals(List.of("answered " + branch + " 200"), ends);
        assertEquals(0, client.size());
        assertTrue(consume(response(200, "OK", branch)), "a copy of the 200: ours");
        assertTrue(consume(response(100, "Trying", branch)), "a late 1xx: ours");
        assertTrue(consume(response(481, "Call/Transaction Does Not Exist", branch)), "another final: ours");
        assertEquals(List.of("answered " + branch + " 200"), ends, "ended once");
        at(17_500);
        client.sweep();
        at(40_000);
        client.sweep();
        assertNothingSent("after the final answer");
        assertEquals(List.of("answered " + branch + " 200"), ends, "no Timer F after the answer");
    }

    @Test
    void provisional_beforeFirstCopy_everyIntervalIsT2() throws IOException {
        String branch = UdpNotifyClient.BRANCH_PREFIX + "p2";
        sent(branch, NOTIFY);
        assertTrue(consume(response(183, "Session Progress", branch)));
        assertCopyAt(500, NOTIFY);
        assertCopyAt(4500, NOTIFY);
        assertCopyAt(8500, NOTIFY);
        assertCopyAt(12_500, NOTIFY);
        at(32_000);
        client.sweep();
        assertEquals(List.of("timedOut " + branch), ends, "Timer F runs from the send, 1xx or not");
    }

    @Test
    void finalAnswers_statusGiven_otherTransactionsUntouched() throws IOException {
        String a = UdpNotifyClient.BRANCH_PREFIX + "a";
        String b = UdpNotifyClient.BRANCH_PREFIX + "b";
        String c = UdpNotifyClient.BRANCH_PREFIX + "c";
        byte[] other = Arrays.copyOf(NOTIFY, NOTIFY.length + 1);
        sent(a, NOTIFY);
        at(100);
        client.prepare(b, other, sender, (InetSocketAddress) receiver.getLocalSocketAddress(),
                NotifyPacerTest.subscription("b"));
        sent(c, other);
        assertEquals(2, client.size());
        assertTrue(consume(response(404, "Not Found", a)));
        assertEquals(List.of("answered " + a + " 404"), ends);
        assertTrue(consume(response(200, "OK", b)), "prepared, never sent: not in flight, but our branch");
        assertEquals(List.of("answered " + a + " 404"), ends);
        assertEquals(1, client.size());
        // c was sent 100 ms later: its Timer E fires at +600 ms.
        at(500);
        client.sweep();
        assertNothingSent("a answered, c not due");
        at(600);
        client.sweep();
        assertCopy(other, "of c");
        // Offsets inside a larger buffer are honoured.
        byte[] answer = response(603, "Decline", c);
        byte[] framed = new byte[answer.length + 20];
        Arrays.fill(framed, (byte) 'x');
        System.arraycopy(answer, 0, framed, 7, answer.length);
        assertTrue(client.consume(framed, 7, answer.length));
        assertEquals(List.of("answered " + a + " 404", "answered " + c + " 603"), ends);
        assertEquals(0, client.size());
    }

    @Test
    void notOurs_goesToTheRi_andChangesNothing() throws IOException {
        String branch = UdpNotifyClient.BRANCH_PREFIX + "n1";
        UdpNotifyClient.Tx tx = sent(branch, NOTIFY);
        byte[] request = ("NOTIFY sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        assertFalse(consume(request), "a request");
        assertFalse(consume("SUBSCRIBE sip:b@h SIP/2.0\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(consume(response(200, "OK", "z9hG4bK776asdhds")), "an RI branch");
        assertFalse(consume(response(200, "OK", "z9hG4bK776asdhds", branch)), "ours only in a later Via");
        assertFalse(consume(response(200, "OK")), "no Via");
        assertFalse(consume(response(200, "OK", "z9hG4bK.x1")), "cookie, not our mark");
        assertFalse(consume(response(200, "OK", "z9hG4bK")), "the bare cookie");
        assertFalse(consume("SIP/2.0 099 Odd\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK.nn1\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8)), "status below 100");
        assertFalse(consume("SIP/2.0 700 Odd\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK.nn1\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8)), "status above 699");
        assertFalse(consume("SIP/2.0 2x0 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK.nn1\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8)), "status not a number");
        assertFalse(consume("SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK.nn1\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8)), "status of four digits");
        assertFalse(consume("HTTP/1.1 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK.nn1\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8)), "not SIP");
        assertFalse(consume(new byte[0]), "empty");
        assertFalse(consume("\r\n\r\n".getBytes(StandardCharsets.UTF_8)), "a keep-alive");
        assertFalse(consume("SIP/2.0 200".getBytes(StandardCharsets.UTF_8)), "short");
        assertFalse(consume("SIP/2.0 200 ".getBytes(StandardCharsets.UTF_8)), "no header");
        byte[] noise = new byte[300];
        new java.util.Random(7).nextBytes(noise);
        assertFalse(consume(noise), "noise");
        byte[] zeros = new byte[40];
        assertFalse(consume(zeros), "zeros");
        byte[] ok = response(200, "OK", branch);
        assertFalse(client.consume(ok, 0, 11), "ours, cut short");
        assertFalse(client.consume(ok, 1, ok.length - 1), "ours, from the wrong offset");
        assertEquals(List.of(), ends, "nothing ended");
        assertEquals(1, client.size(), "still in flight");
        assertCopyAt(500, NOTIFY);
        assertEquals(1, tx.copies(), "Timer E as before: no 1xx was seen");
        assertCopyAt(1500, NOTIFY);
        assertTrue(consume(ok));
        assertEquals(List.of("answered " + branch + " 200"), ends);
    }

    @Test
    void strayAnswer_withOurPrefix_isTakenAndDropped() {
        assertTrue(consume(response(200, "OK", UdpNotifyClient.BRANCH_PREFIX + "gone")));
        assertTrue(consume(response(100, "Trying", UdpNotifyClient.BRANCH_PREFIX + "gone")));
        assertEquals(List.of(), ends);
        assertEquals(0, client.size());
    }

    @Test
    void sendFails_notInFlight_andThrows() {
        UdpNotifyClient.Tx tx = client.prepare(UdpNotifyClient.BRANCH_PREFIX + "f", NOTIFY, sender,
                (InetSocketAddress) receiver.getLocalSocketAddress(), NotifyPacerTest.subscription("f"));
        sender.close();
        assertThrows(IOException.class, () -> client.send(tx));
        assertEquals(0, client.size());
        assertTrue(consume(response(200, "OK", tx.branch)));
        assertEquals(List.of(), ends);
    }

    @Test
    void copyFails_endsTheTransactionOnce_rfc3261_17_1_4() throws IOException {
        String branch = UdpNotifyClient.BRANCH_PREFIX + "lost";
        UdpNotifyClient.Tx tx = sent(branch, NOTIFY);
        sender.close();
        at(500);
        client.sweep();
        assertEquals(1, tx.copies(), "tried");
        assertEquals(0, client.size(), "no longer in flight");
        assertEquals(List.of("sendFailed " + branch), ends);
        at(32_000);
        client.sweep();
        assertEquals(List.of("sendFailed " + branch), ends, "no Timer F after it");
    }

    @Test
    void answerEchoingTheBranchInAnotherCase_endsIt() throws IOException {
        String branch = UdpNotifyClient.BRANCH_PREFIX + "abc";
        sent(branch, NOTIFY);
        byte[] ok = ("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:5060;branch=" + branch.toUpperCase(java.util.Locale.ROOT)
                + "\r\nCSeq: 1 NOTIFY\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(client.consume(ok, 0, ok.length), "RFC 3261 7.3.1: parameter values ignore case, as the RI's match");
        assertEquals(List.of("answered " + branch + " 200"), ends);
    }

    private static String top(String message) {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        return UdpNotifyClient.topViaBranch(b, 0, b.length);
    }

    @Test
    void topViaBranch_forms() {
        String ok = "SIP/2.0 200 OK\r\n";
        String end = "Call-ID: c\r\nContent-Length: 0\r\n\r\n";
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end));
        assertEquals("z9hG4bK.n1", top(ok + "v: SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end), "compact");
        assertEquals("z9hG4bK.n1", top(ok + "V: SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end));
        assertEquals("z9hG4bK.n1", top(ok + "via: SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end), "lower case");
        assertEquals("z9hG4bK.n1", top(ok + "VIA: SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end));
        assertEquals("z9hG4bK.n1", top(ok + "Via : SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end));
        assertEquals("z9hG4bK.n1", top(ok + "Via:SIP/2.0/UDP h:5060;branch=z9hG4bK.n1\r\n" + end));
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h:5060 ; branch = z9hG4bK.n1 ;rport\r\n" + end),
                "blanks around = and ;");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h;branch=\tz9hG4bK.n1\t;x=1\r\n" + end), "tabs");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h;BRANCH=z9hG4bK.n1\r\n" + end),
                "parameter name in any case");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h;rport=5060;received=10.0.0.1;branch=z9hG4bK.n1\r\n"
                + end), "after other parameters");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h;branchx=z9hG4bK.n9;branch=z9hG4bK.n1\r\n" + end),
                "a longer parameter name is another parameter");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP [::1]:5060;branch=z9hG4bK.n1\r\n" + end), "IPv6");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP a;branch=z9hG4bK.n1, SIP/2.0/UDP b;branch=z9hG4bK.n2\r\n"
                + end), "first of several values");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP a;branch=z9hG4bK.n1,SIP/2.0/UDP b;branch=z9hG4bKri\r\n"
                + end));
        assertNull(top(ok + "Via: SIP/2.0/UDP a;branch=z9hG4bKri, SIP/2.0/UDP b;branch=z9hG4bK.n2\r\n" + end),
                "ours in the second value only");
        assertNull(top(ok + "Via: SIP/2.0/UDP a, SIP/2.0/UDP b;branch=z9hG4bK.n2\r\n" + end),
                "first value without branch");
        assertNull(top(ok + "Via: SIP/2.0/UDP a;branch=z9hG4bKri\r\nVia: SIP/2.0/UDP b;branch=z9hG4bK.n2\r\n" + end),
                "ours in the second Via header only");
        assertEquals("z9hG4bK.n1", top(ok + "From: <sip:b@h>;tag=1\r\nTo: <sip:a@h>;tag=2\r\nCSeq: 1 NOTIFY\r\n"
                + "Via: SIP/2.0/UDP a;branch=z9hG4bK.n1\r\nVia: SIP/2.0/UDP b;branch=z9hG4bKri\r\n" + end),
                "Via not the first header");
        assertEquals("z9hG4bK.n1", top(ok + "Vias: SIP/2.0/UDP a;branch=z9hG4bKri\r\nVi: x;branch=z9hG4bKri\r\n"
                + "v: SIP/2.0/UDP a;branch=z9hG4bK.n1\r\n" + end), "headers that only start like Via");
        assertEquals("z9hG4bK.n1", top("SIP/2.0 200 OK\nVia: SIP/2.0/UDP h;branch=z9hG4bK.n1\nCall-ID: c\n\n"),
                "bare LF line ends");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h;branch=z9hG4bK.n1"), "at the very end");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h:5060\r\n ;branch=z9hG4bK.n1\r\n" + end),
                "folded onto a continuation line (RFC 3261 7.3.1)");
        assertEquals("z9hG4bK.n1", top(ok + "Via: SIP/2.0/UDP h:5060;\r\n\tbranch=z9hG4bK.n1;rport\r\n" + end),
                "folded after the semicolon");
        assertEquals("Z9HG4BK.N1", top(ok + "Via: SIP/2.0/UDP h;branch=Z9HG4BK.N1\r\n" + end),
                "our prefix in another case, as written");
        assertNull(top(ok + end), "no Via");
        assertNull(top(ok + end + "Via: SIP/2.0/UDP h;branch=z9hG4bK.n1\r\n"), "a Via in the body is none");
        assertNull(top(ok + "Via: SIP/2.0/UDP h;branch=z9hG4bKri\r\n" + end), "an RI branch");
        assertNull(top(ok + "Via: SIP/2.0/UDP h;branch\r\n" + end), "branch without value");
        assertNull(top(ok + "Via: SIP/2.0/UDP h;received=z9hG4bK.n1\r\n" + end), "our text in another parameter");
        assertNull(top(ok), "headers end without the empty line");
        assertNull(top(""), "empty");
        assertNull(top("Via: SIP/2.0/UDP h;branch=z9hG4bK.n1\r\n"), "the first line is the start line, not a header");

        byte[] b = (ok + "Via: SIP/2.0/UDP h;branch=z9hG4bK.n1\r\n" + end).getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[b.length + 10];
        System.arraycopy(b, 0, framed, 5, b.length);
        assertEquals("z9hG4bK.n1", UdpNotifyClient.topViaBranch(framed, 5, 5 + b.length), "at an offset");
    }

    @Test
    void prepare_keepsBranchAndSubscription() {
        Subscription s = NotifyPacerTest.subscription("keep");
        UdpNotifyClient.Tx tx = client.prepare("z9hG4bK.nk", NOTIFY, sender,
                (InetSocketAddress) receiver.getLocalSocketAddress(), s);
        assertEquals("z9hG4bK.nk", tx.branch);
        assertSame(s, tx.subscription);
        assertEquals(0, tx.copies());
        assertNotNull(tx.toString());
    }
}
