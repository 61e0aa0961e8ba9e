package org.presencegw.sip.subscription;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.presencegw.sip.stack.DirectUdp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NOTIFYs over UDP sent, retransmitted and answered without the RI (decision 0011): RFC 3261 17.1.2.2's non-INVITE
 * client transaction. Timer E retransmits after T1 = 500 ms, doubling up to T2 = 4 s (T2 at once after a
 * provisional answer); Timer F ends it unanswered after 64·T1 = 32 s; Timer K is 0, as for the RI's NOTIFY
 * transactions ({@link NotifyFactory#newTransaction}): a copy of the final answer that comes later finds nothing and
 * is dropped. The timers are checked every {@value #SWEEP_MILLIS} ms by {@link #sweep}.
 *
 * <p>Answers are matched by the top Via's branch on the stack's UDP reader thread ({@link DirectUdp.Tap}), before
 * the RI would parse them: a response whose branch has our prefix ({@value #BRANCH_PREFIX}) is ours whether or not
 * it is still in flight; anything else goes to the RI. Thread-safe: who removes a transaction from the table ends
 * it, once.
 */
final class UdpNotifyClient implements DirectUdp.Tap {

    private static final Logger LOG = LoggerFactory.getLogger(UdpNotifyClient.class);

    /** RFC 3261 8.1.1.7's magic cookie, then a mark no RI branch has. */
    static final String BRANCH_PREFIX = "z9hG4bK.n";
    private static final String LOWER_PREFIX = lower(BRANCH_PREFIX);
    static final long T1_MILLIS = 500;
    static final long T2_MILLIS = 4000;
    static final long TIMER_F_MILLIS = 64 * T1_MILLIS;
    static final long SWEEP_MILLIS = 50;
    private static final long MILLI = 1_000_000L;

    /** How a transaction ends; called once per transaction. */
    interface Ends {
        /** A final answer (200-699) came, on the UDP reader thread. */
        void answered(Tx tx, int status);

        /** Timer F fired: no final answer in 32 s. */
        void timedOut(Tx tx);

        /** A copy could not be sent (RFC 3261 17.1.4: the transport failed; the transaction ends). */
        void sendFailed(Tx tx);
    }

    /** One NOTIFY in flight. */
    static final class Tx {
        final String branch;
        /** The branch in lower case: branches match ignoring case (RFC 3261 7.3.1, as the RI matches them). */
        private final String key;
        final Subscription subscription;
        private final DatagramSocket socket;
        private final DatagramPacket packet;
        private final long deadlineNanos;
        /** Timer E's next firing and interval; touched by the sweeping thread after the first send. */
        private long nextNanos;
        private long intervalMillis = T1_MILLIS;
        private volatile boolean proceeding;
        private int copies;

        Tx(String branch, byte[] bytes, DatagramSocket socket, InetSocketAddress to, Subscription subscription,
           long nowNanos) {
            this.branch = branch;
            this.key = lower(branch);
            this.subscription = subscription;
            this.socket = socket;
            this.packet = new DatagramPacket(bytes, bytes.length, to);
            this.deadlineNanos = nowNanos + TIMER_F_MILLIS * MILLI;
            this.nextNanos = nowNanos + T1_MILLIS * MILLI;
        }

        /** Retransmissions so far. */
        int copies() {
            return copies;
        }

        @Override
        public String toString() {
            return "NOTIFY " + branch;
        }
    }

    private final Map<String, Tx> inFlight = new ConcurrentHashMap<>();
    private final Ends ends;
    private final LongSupplier nanoTime;

    UdpNotifyClient(Ends ends, LongSupplier nanoTime) {
        this.ends = ends;
        this.nanoTime = nanoTime;
    }

    private static String lower(String s) {
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    /** A fresh branch of ours. */
    static String branch() {
        return BRANCH_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** A transaction for {@code bytes}, not yet sent (the caller accounts for it first, then {@link #send}s). */
    Tx prepare(String branch, byte[] bytes, DatagramSocket socket, InetSocketAddress to, Subscription s) {
        return new Tx(branch, bytes, socket, to, s, nanoTime.getAsLong());
    }

    /** Sends the first copy; the transaction is in flight from before the send, so its answer always finds it. */
    void send(Tx tx) throws IOException {
        inFlight.put(tx.key, tx);
        try {
            tx.socket.send(tx.packet);
        } catch (IOException | RuntimeException e) {
            inFlight.remove(tx.key);
            throw e;
        }
    }

    /** Transactions in flight. */
    int size() {
        return inFlight.size();
    }

    /** Fires the timers that are due: a copy for each Timer E, the end for each Timer F. */
    void sweep() {
        long now = nanoTime.getAsLong();
        // A concurrent map's iterator sees removals (here and by answers) without failing.
        for (Iterator<Tx> it = inFlight.values().iterator(); it.hasNext(); ) {
            Tx tx = it.next();
            if (now - tx.deadlineNanos >= 0) {
                if (inFlight.remove(tx.key, tx)) {
                    ends.timedOut(tx);
                }
            } else if (now - tx.nextNanos >= 0) {
                tx.intervalMillis = tx.proceeding ? T2_MILLIS : Math.min(tx.intervalMillis * 2, T2_MILLIS);
                tx.nextNanos = now + tx.intervalMillis * MILLI;
                try {
                    tx.copies++;
                    tx.socket.send(tx.packet);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("{}: copy not sent: {}", tx, e.toString());
                    if (inFlight.remove(tx.key, tx)) {
                        ends.sendFailed(tx);
                    }
                }
            }
        }
    }

    @Override
    public boolean consume(byte[] data, int offset, int length) {
        int end = offset + length;
        if (length < 12 || !named(data, offset, end, "sip/2.0 ")) {
            return false;
        }
        int status = status(data, offset + 8);
        if (status < 100) {
            return false;
        }
        String branch = topViaBranch(data, offset, end);
        if (branch == null) {
            return false;
        }
        Tx tx = inFlight.get(lower(branch));
        if (tx == null) {
            LOG.debug("answer {} to a NOTIFY no longer in flight: dropped", status);
            return true;
        }
        if (status < 200) {
            // RFC 3261 17.1.2.2: Proceeding, Timer E at T2 from now on.
            tx.proceeding = true;
        } else if (inFlight.remove(tx.key, tx)) {
            ends.answered(tx, status);
        }
        return true;
    }

    /** The three digits at {@code at} followed by a space, or -1. */
    private static int status(byte[] data, int at) {
        int v = 0;
        for (int i = at; i < at + 3; i++) {
            int c = data[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v <= 699 && (data[at + 3] == ' ' || data[at + 3] == '\r') ? v : -1;
    }

    /**
     * The branch of the first Via value when it starts with {@link #BRANCH_PREFIX} (ignoring case),
     * else null (then the RI decides). Only the header section is read; header names ignore case, {@code v} is Via's
     * compact form, and a Via folded onto continuation lines (RFC 3261 7.3.1) is read across them.
     */
    static String topViaBranch(byte[] data, int offset, int end) {
        int line = nextLine(data, offset, end);
        while (line < end) {
            int lineEnd = lineEnd(data, line, end);
            if (lineEnd == line || (lineEnd == line + 1 && data[line] == '\r')) {
                return null; // the empty line: no Via at all
            }
            int colon = viaColon(data, line, lineEnd);
            if (colon >= 0) {
                int headerEnd = lineEnd;
                while (headerEnd + 1 < end && (data[headerEnd + 1] == ' ' || data[headerEnd + 1] == '\t')) {
                    headerEnd = lineEnd(data, headerEnd + 1, end);
                }
                return branchOf(data, colon + 1, headerEnd);
            }
            line = lineEnd + 1;
        }
        return null;
    }

    /** After {@code Via} or {@code v}, blanks and a colon: the colon's index; -1 for any other header. */
    private static int viaColon(byte[] data, int from, int to) {
        int i = from;
        if (i < to && (data[i] | 0x20) == 'v') {
            i++;
            if (i + 1 < to && (data[i] | 0x20) == 'i' && (data[i + 1] | 0x20) == 'a') {
                i += 2;
            }
            while (i < to && (data[i] == ' ' || data[i] == '\t')) {
                i++;
            }
            if (i < to && data[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    /** The {@code branch} parameter of the first value in {@code data[from, to)} if it is one of ours. */
    private static String branchOf(byte[] data, int from, int to) {
        int valueEnd = from;
        while (valueEnd < to && data[valueEnd] != ',') {
            valueEnd++;
        }
        for (int i = from; i + 7 < valueEnd; i++) {
            if (data[i] != ';') {
                continue;
            }
            int name = skipBlanks(data, i + 1, valueEnd);
            if (named(data, name, valueEnd, "branch")) {
                int j = skipBlanks(data, name + 6, valueEnd);
                if (j >= valueEnd || data[j] != '=') {
                    continue;
                }
                j = skipBlanks(data, j + 1, valueEnd);
                if (!named(data, j, valueEnd, LOWER_PREFIX)) {
                    return null;
                }
                int k = j;
                while (k < valueEnd && data[k] != ';' && data[k] > ' ') {
                    k++;
                }
                return new String(data, j, k - j, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** {@code name} (lower case) at {@code data[i]}, ignoring case. */
    private static boolean named(byte[] data, int i, int to, String name) {
        if (i + name.length() > to) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if ((data[i + k] | 0x20) != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Skips blanks, and the line ends of a folded header. */
    private static int skipBlanks(byte[] data, int from, int to) {
        int i = from;
        while (i < to && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static int lineEnd(byte[] data, int from, int end) {
        int i = from;
        while (i < end && data[i] != '\n') {
            i++;
        }
        return i;
    }

    private static int nextLine(byte[] data, int from, int end) {
        return Math.min(end, lineEnd(data, from, end) + 1);
    }
}
