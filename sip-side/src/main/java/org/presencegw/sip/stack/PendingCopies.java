package org.presencegw.sip.stack;

import static org.presencegw.sip.stack.SipBytes.headers;
import static org.presencegw.sip.stack.SipBytes.indexOf;
import static org.presencegw.sip.stack.SipBytes.lineEnd;
import static org.presencegw.sip.stack.SipBytes.named;
import static org.presencegw.sip.stack.SipBytes.regionEquals;
import static org.presencegw.sip.stack.SipBytes.startsWith;
import static org.presencegw.sip.stack.SipBytes.startsWithIgnoreCase;
import static org.presencegw.sip.stack.SipBytes.trimEnd;
import static org.presencegw.sip.stack.SipBytes.trimStart;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies of UDP requests whose first copy is still waiting or being handled, recognised on the UDP reader thread
 * and dropped there, before the RI parses them (RFC 3261 17.2.2: a server transaction in its Trying state absorbs
 * retransmissions). A client retransmits a request it has no answer for after 0.5, 1.5, 3.5 s...; when the
 * gateway is overloaded its requests wait longer than that, every copy cost as much to parse and recognise as the
 * request, and the load doubled: the collapse of bench/FINDINGS.md ("Session 21": 2.3 SUBSCRIBEs received per
 * SUBSCRIBE sent at 12,000/s). Here a copy costs a scan of its header lines and a hash lookup.
 *
 * <p>A request is marked when it enters the listener threads' queue and unmarked when its final answer is sent,
 * or when its handling ends without one promised (dropped, answered by the RI, parse failure: when its listener
 * thread goes back to the queue). A marker that nothing unmarks goes after {@value #MAX_AGE_MILLIS} ms at most.
 * Copies must match byte for byte in the request line, the top Via (branch and sent-by) and the CSeq, and come from
 * the same address and port; stricter than RFC 3261 17.2.3, so messages that only reuse a branch (RFC 5118's
 * torture messages do) are not taken for copies. Anything else is handled as before, as is every copy that comes
 * after the answer (the handlers replay it). Bounded: at most {@value #MAX_MARKERS} markers; past that new requests
 * are not marked (their copies are recognised later, as before). Thread-safe.
 */
public final class PendingCopies {

    /** How long a marker lives at most: longer than a request waits here before its answer or its 503. */
    static final long MAX_AGE_MILLIS = 4_000;
    static final int MAX_MARKERS = 32_768;
    private static final int BUCKETS = 5;
    private static final long BUCKET_MILLIS = MAX_AGE_MILLIS / (BUCKETS - 1);

    /** The claim of the request the current listener thread took from the queue (see {@link #takeCurrent}). */
    private static final ThreadLocal<Claim> CURRENT = new ThreadLocal<>();

    /** What a request that cannot be marked (or need not be) carries: releasing it does nothing. */
    public static final Claim NONE = new Claim(null, null, null);

    private final Bucket[] buckets = new Bucket[BUCKETS];
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    private static final class Bucket {
        volatile long epoch = -1;
        final Map<String, Claim> markers = new ConcurrentHashMap<>();
    }

    /** One marked request; {@link #release} unmarks it (once; later calls do nothing). */
    public static final class Claim {
        private final PendingCopies owner;
        private final Bucket bucket;
        private final String key;

        private Claim(PendingCopies owner, Bucket bucket, String key) {
            this.owner = owner;
            this.bucket = bucket;
            this.key = key;
        }

        public void release() {
            if (owner != null && bucket.markers.remove(key, this)) {
                owner.size.decrementAndGet();
            }
        }
    }

    public PendingCopies() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    /**
     * The reader thread's check of one datagram: null when it is a copy of a request still marked (drop it), else
     * its claim, {@link #NONE} when it is no request this class recognises copies of.
     */
    Claim admit(byte[] data, int length, InetAddress source, int port, long nowMillis) {
        String key = key(data, length, source, port);
        if (key == null) {
            return NONE;
        }
        long epoch = nowMillis / BUCKET_MILLIS;
        for (Bucket b : buckets) {
            if (epoch - b.epoch < BUCKETS - 1 && b.markers.containsKey(key)) {
                dropped.incrementAndGet();
                return null;
            }
        }
        if (size.get() >= MAX_MARKERS) {
            return NONE;
        }
        Bucket b = current(epoch);
        Claim claim = new Claim(this, b, key);
        if (b.markers.putIfAbsent(key, claim) != null) {
            dropped.incrementAndGet();
            return null;
        }
        size.incrementAndGet();
        return claim;
    }

    private Bucket current(long epoch) {
        Bucket b = buckets[(int) (epoch % BUCKETS)];
        if (b.epoch != epoch) {
            synchronized (b) {
                if (b.epoch != epoch) {
                    b.markers.clear();
                    b.epoch = epoch;
                    int live = 0;
                    for (Bucket each : buckets) {
                        live += each.markers.size();
                    }
                    size.set(live); // recounted: a release racing the clear must not skew the bound for good
                }
            }
        }
        return b;
    }

    /** Copies dropped so far. */
    public long dropped() {
        return dropped.get();
    }

    /** Markers held now (tests). */
    int size() {
        return size.get();
    }

    /** A listener thread took {@code claim}'s request from the queue: what it left before is released. */
    static void taken(Claim claim) {
        Claim before = CURRENT.get();
        if (before != null) {
            before.release();
        }
        CURRENT.set(claim);
    }

    /**
     * The claim of the request this thread is handling, now the caller's to release (when its answer is sent);
     * {@link #NONE} outside a UDP listener thread or for a request with no marker.
     */
    public static Claim takeCurrent() {
        Claim c = CURRENT.get();
        if (c == null) {
            return NONE;
        }
        CURRENT.remove();
        return c;
    }

    /** Where the first Via value and the CSeq value are, as {@link SipBytes#headers} walks the lines. */
    private static final class TopViaAndCSeq implements SipBytes.HeaderLine {
        private final byte[] data;
        int via0 = -1;
        int via1 = -1;
        int cseq0 = -1;
        int cseq1 = -1;

        TopViaAndCSeq(byte[] data) {
            this.data = data;
        }

        @Override
        public boolean accept(int p, int nameEnd, int colon, int contentEnd) {
            if (via0 < 0 && (named(data, p, nameEnd, "via") || named(data, p, nameEnd, "v"))) {
                via0 = trimStart(data, colon + 1, contentEnd);
                int comma = indexOf(data, via0, contentEnd, (byte) ',');
                via1 = trimEnd(data, via0, comma < 0 ? contentEnd : comma);
            } else if (cseq0 < 0 && named(data, p, nameEnd, "cseq")) {
                cseq0 = trimStart(data, colon + 1, contentEnd);
                cseq1 = trimEnd(data, cseq0, contentEnd);
            }
            return true;
        }
    }

    /**
     * The key of a request copy: its source, request line, the top Via's value and the CSeq's, as received; null
     * for a response, an ACK, a request whose top Via is not UDP with an RFC 3261 branch, whose CSeq method is not
     * the request's, or whose headers this scan does not follow (folded lines, no end of headers).
     */
    static String key(byte[] data, int length, InetAddress source, int port) {
        int end = Math.min(length, data.length);
        int lineEnd = lineEnd(data, 0, end);
        if (lineEnd < 0) {
            return null;
        }
        int sp = indexOf(data, 0, lineEnd, (byte) ' ');
        if (sp <= 0 || startsWith(data, 0, end, "SIP/") || (sp == 3 && startsWith(data, 0, end, "ACK"))) {
            return null;
        }
        TopViaAndCSeq at = new TopViaAndCSeq(data);
        if (headers(data, lineEnd, end, at) < 0) {
            return null;
        }
        int via0 = at.via0;
        int via1 = at.via1;
        int cseq0 = at.cseq0;
        int cseq1 = at.cseq1;
        if (via0 < 0 || cseq0 < 0 || via1 - via0 < 12 || !startsWithIgnoreCase(data, via0, via1,
                "SIP/2.0/UDP") || indexOf(data, via0, via1, "branch=z9hG4bK") < 0) {
            return null;
        }
        int methodStart = cseq1;
        while (methodStart > cseq0 && data[methodStart - 1] != ' ' && data[methodStart - 1] != '\t') {
            methodStart--;
        }
        if (cseq1 - methodStart != sp || !regionEquals(data, methodStart, data, 0, sp)) {
            return null;
        }
        int line1 = lineEnd > 0 && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        StringBuilder key = new StringBuilder(24 + line1 + via1 - via0 + cseq1 - cseq0);
        key.append(source.getHostAddress()).append(' ').append(port).append(' ')
                .append(new String(data, 0, line1, StandardCharsets.ISO_8859_1)).append(' ')
                .append(new String(data, via0, via1 - via0, StandardCharsets.ISO_8859_1)).append(' ')
                .append(new String(data, cseq0, cseq1 - cseq0, StandardCharsets.ISO_8859_1));
        return key.toString();
    }
}
