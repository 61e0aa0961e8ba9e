package org.presencegw.sip.stack;

import static org.presencegw.sip.stack.SipBytes.headers;
import static org.presencegw.sip.stack.SipBytes.indexOf;
import static org.presencegw.sip.stack.SipBytes.lineEnd;
import static org.presencegw.sip.stack.SipBytes.lower;
import static org.presencegw.sip.stack.SipBytes.named;
import static org.presencegw.sip.stack.SipBytes.startsWith;
import static org.presencegw.sip.stack.SipBytes.startsWithIgnoreCase;
import static org.presencegw.sip.stack.SipBytes.trimEnd;
import static org.presencegw.sip.stack.SipBytes.trimStart;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New subscriptions over UDP answered {@code 503} + {@code Retry-After} on the UDP reader thread while the process
 * is overloaded, before the RI parses them (decision 0013). The overload guard sheds new subscriptions so that the
 * ones the gateway holds go on being served; answered by the handler, a shed SUBSCRIBE cost as much as an accepted
 * one (the RI's parse and dispatch, the RI's response), so shedding saved nothing and an overload collapsed: at
 * 12,000 SUBSCRIBE/s the listener threads spent most of their time answering 503 and the gateway answered fewer
 * than 2500 calls a second (bench/FINDINGS.md, "Session 23"). Here a shed SUBSCRIBE costs a scan of its header lines
 * and one {@code sendto}.
 *
 * <p>Only what the handler would shed is shed here: a SUBSCRIBE outside a dialog (no To tag) whose headers this scan
 * follows, from an IPv4 source, whose top Via is UDP with an RFC 3261 branch, and whose Call-ID and From tag name
 * no dialog we know (a copy of a SUBSCRIBE already answered 200 must get that 200 again, a merged one 482). Anything
 * else goes to the listener threads as before, where the handler's own check answers it. The answer copies the
 * request's Via lines (the top one with {@code received} and {@code rport}, RFC 3581), From, To with a tag, Call-ID
 * and CSeq as received, and goes to the packet's source, as every answer over UDP does (decision 0011). Its To tag
 * is derived from the request and a per-process secret, so a copy of a shed request gets the same answer.
 * Thread-safe.
 */
public final class OverloadShed {

    private static final Logger LOG = LoggerFactory.getLogger(OverloadShed.class);
    private static final ThrottledLog ERRORS = new ThrottledLog(LOG);
    /** {@code -Dpresencegw.sip.overloadShed=false} leaves every new subscription to the handler (for measuring). */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("presencegw.sip.overloadShed"));

    private static final byte[] SUBSCRIBE = "SUBSCRIBE".getBytes(StandardCharsets.US_ASCII);

    private final BooleanSupplier overloaded;
    private final BiPredicate<String, String> knownDialog;
    private final byte[] retryAfter;
    private final Runnable onShed;
    private final long secret = new SecureRandom().nextLong();
    private final AtomicLong shed = new AtomicLong();

    /**
     * @param overloaded        whether new subscriptions are shed now (the signal the SUBSCRIBE handler reads)
     * @param knownDialog       whether the dialog of an out-of-dialog SUBSCRIBE with this Call-ID and From tag
     *                          is live or recently ended: such a request (a copy of one answered, a merged one) is
     *                          left to the listener threads
     * @param retryAfterSeconds the 503's Retry-After
     * @param onShed            told of each request answered here (the answer counters)
     */
    public OverloadShed(BooleanSupplier overloaded, BiPredicate<String, String> knownDialog, int retryAfterSeconds,
                        Runnable onShed) {
        this.overloaded = overloaded;
        this.knownDialog = knownDialog;
        this.retryAfter = ("Retry-After: " + retryAfterSeconds + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.onShed = onShed;
    }

    /** Requests answered here so far. */
    public long shed() {
        return shed.get();
    }

    /**
     * The reader thread's check of one datagram: true when it was answered 503 here (the caller drops it), false
     * when it goes to the listener threads.
     */
    boolean answer(DatagramSocket socket, byte[] data, int length, InetAddress source, int port) {
        if (!overloaded.getAsBoolean()) {
            return false;
        }
        byte[] wire = write(data, length, source, port);
        if (wire == null) {
            return false;
        }
        try {
            socket.send(new DatagramPacket(wire, wire.length, source, port));
        } catch (IOException | RuntimeException e) {
            ERRORS.warn("cannot send 503 to {}:{}: {}", source.getHostAddress(), port, e.toString());
        }
        shed.incrementAndGet();
        onShed.run();
        return true;
    }

    /** The Call-ID and From tag {@code knownDialog} is asked about; null when it is no request this class sheds. */
    static String[] dialogOf(byte[] data, int length) {
        Scan s = Scan.of(data, Math.min(length, data.length));
        return s == null || TopVia.of(data, s.via0, s.via1) == null ? null
                : new String[] {s.callId(data), s.fromTag(data)};
    }

    /** The 503 to the request in {@code data}, or null when it is not one this class answers (see above). */
    byte[] write(byte[] data, int length, InetAddress source, int port) {
        if (!(source instanceof Inet4Address) || MessageFactoryImpl.getDefaultServerHeader() != null) {
            return null;
        }
        Scan s = Scan.of(data, Math.min(length, data.length));
        if (s == null) {
            return null;
        }
        TopVia via = TopVia.of(data, s.via0, s.via1);
        if (via == null || knownDialog.test(s.callId(data), s.fromTag(data))) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 160);
        ascii(out, "SIP/2.0 503 Overloaded\r\n");
        // The Via lines in their order; the top value gets received and rport (RFC 3581), as the RI adds them.
        out.write(data, s.viaLine, s.via0 - s.viaLine);
        out.write(data, s.via0, via.rport0 - s.via0);
        out.write(data, via.rport1, s.via1 - via.rport1);
        ascii(out, ";received=" + source.getHostAddress() + ";rport=" + port);
        out.write(data, s.via1, s.viaEnd - s.via1);
        for (int i = 0; i < s.moreVias; i++) {
            out.write(data, s.moreVia0[i], s.moreVia1[i] - s.moreVia0[i]);
        }
        line(out, data, s.from0, s.from1);
        out.write(data, s.to0, s.to1 - s.to0);
        ascii(out, ";tag=" + Long.toHexString(tag(data, s) | Long.MIN_VALUE) + "\r\n");
        line(out, data, s.callId0, s.callId1);
        line(out, data, s.cseq0, s.cseq1);
        out.write(retryAfter, 0, retryAfter.length);
        ascii(out, "Content-Length: 0\r\n\r\n");
        return out.toByteArray();
    }

    /** A To tag for this request's answer: the same for its copies, unforeseeable without the process's secret. */
    private long tag(byte[] data, Scan s) {
        long h = secret;
        h = mix(h, data, s.callId0, s.callId1);
        h = mix(h, data, s.from0, s.from1);
        h = mix(h, data, s.via0, s.via1);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long mix(long h, byte[] data, int from, int to) {
        long x = h;
        for (int i = from; i < to; i++) {
            x = (x ^ data[i]) * 0x100000001b3L;
        }
        return x;
    }

    private static void line(ByteArrayOutputStream out, byte[] data, int from, int to) {
        out.write(data, from, to - from);
        out.write('\r');
        out.write('\n');
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    /**
     * Where the header lines this answer copies are: each range from a line's first byte to the end of its content
     * (without CRLF); for the first Via line the top value too. Null when the request is not an out-of-dialog
     * SUBSCRIBE this scan follows.
     */
    private static final class Scan {
        int viaLine = -1;
        int via0 = -1;
        int via1;
        int viaEnd;
        int moreVias;
        int[] moreVia0 = new int[4];
        int[] moreVia1 = new int[4];
        int from0 = -1;
        int from1;
        int to0 = -1;
        int to1;
        int callId0 = -1;
        int callId1;
        int cseq0 = -1;
        int cseq1;

        static Scan of(byte[] data, int end) {
            int lineEnd = lineEnd(data, 0, end);
            int requestLineEnd = lineEnd > 0 && data[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (lineEnd < 0 || !startsWith(data, 0, end, "SUBSCRIBE ")
                    || !endsWith(data, 0, requestLineEnd, " SIP/2.0")) {
                return null;
            }
            Scan s = new Scan();
            int p = headers(data, lineEnd, end, (start, nameEnd, colon, contentEnd)
                    -> s.header(data, start, nameEnd, colon, contentEnd));
            return p >= 0 && s.complete(data) ? s : null;
        }

        /** Records one header line; false when it makes the request one this scan does not answer. */
        private boolean header(byte[] data, int p, int nameEnd, int colon, int contentEnd) {
            int valueEnd = trimEnd(data, colon + 1, contentEnd);
            if (named(data, p, nameEnd, "via") || named(data, p, nameEnd, "v")) {
                if (viaLine < 0) {
                    viaLine = p;
                    via0 = trimStart(data, colon + 1, contentEnd);
                    int comma = indexOf(data, via0, contentEnd, (byte) ',');
                    via1 = trimEnd(data, via0, comma < 0 ? contentEnd : comma);
                    viaEnd = contentEnd + 2 <= data.length && data[contentEnd] == '\r' ? contentEnd + 2 : -1;
                    return viaEnd > 0;
                }
                if (moreVias == moreVia0.length || contentEnd + 2 > data.length || data[contentEnd] != '\r') {
                    return false;
                }
                moreVia0[moreVias] = p;
                moreVia1[moreVias++] = contentEnd + 2;
                return true;
            }
            if (named(data, p, nameEnd, "from") || named(data, p, nameEnd, "f")) {
                return once(from0) && (from0 = p) >= 0 && (from1 = valueEnd) > 0;
            }
            if (named(data, p, nameEnd, "to") || named(data, p, nameEnd, "t")) {
                return once(to0) && (to0 = p) >= 0 && (to1 = valueEnd) > 0;
            }
            if (named(data, p, nameEnd, "call-id") || named(data, p, nameEnd, "i")) {
                return once(callId0) && (callId0 = p) >= 0 && (callId1 = valueEnd) > 0;
            }
            if (named(data, p, nameEnd, "cseq")) {
                return once(cseq0) && (cseq0 = p) >= 0 && (cseq1 = valueEnd) > 0;
            }
            return true;
        }

        /** The Call-ID's value, as the RI parses it. */
        String callId(byte[] data) {
            int v = trimStart(data, indexOf(data, callId0, callId1, (byte) ':') + 1, callId1);
            return new String(data, v, callId1 - v, StandardCharsets.UTF_8);
        }

        /** The From tag's value (checked present by {@link #complete}). */
        String fromTag(byte[] data) {
            int v = indexOf(data, paramsStart(data, from0, from1), from1, ";tag=") + ";tag=".length();
            int semi = indexOf(data, v, from1, (byte) ';');
            return new String(data, v, trimEnd(data, v, semi < 0 ? from1 : semi) - v, StandardCharsets.UTF_8);
        }

        private static boolean once(int start) {
            return start < 0;
        }

        /** Every header the answer copies is there, the From has a tag, the To none, the CSeq names SUBSCRIBE. */
        private boolean complete(byte[] data) {
            return via0 >= 0 && from0 >= 0 && to0 >= 0 && callId0 >= 0 && cseq0 >= 0
                    && hasTag(data, from0, from1) && !mentions(data, paramsStart(data, to0, to1), to1, "tag")
                    && endsWith(data, cseq0, cseq1, " SUBSCRIBE") && digitsBefore(data, cseq0, cseq1);
        }

        /** The CSeq value is a number, one space, SUBSCRIBE. */
        private static boolean digitsBefore(byte[] data, int line, int end) {
            int colon = indexOf(data, line, end, (byte) ':');
            int v = trimStart(data, colon + 1, end);
            int digits = v;
            while (digits < end && data[digits] >= '0' && data[digits] <= '9') {
                digits++;
            }
            return digits > v && digits == end - SUBSCRIBE.length - 1;
        }

        /** A {@code tag=} header parameter with a value, after the address. */
        private static boolean hasTag(byte[] data, int line, int end) {
            int at = indexOf(data, paramsStart(data, line, end), end, ";tag=");
            return at >= 0 && at + ";tag=".length() < end;
        }

        /** Where a From or To line's header parameters may start: after the {@code >} of a name-addr, or its value. */
        private static int paramsStart(byte[] data, int line, int end) {
            int lt = indexOf(data, line, end, (byte) '<');
            if (lt < 0) {
                return indexOf(data, line, end, (byte) ':') + 1;
            }
            int gt = indexOf(data, lt, end, (byte) '>');
            return gt < 0 ? line : gt;
        }
    }

    /** The top Via's value: UDP with an RFC 3261 branch; where a bare {@code rport} is to be cut. */
    private static final class TopVia {
        int rport0;
        int rport1;

        static TopVia of(byte[] data, int from, int to) {
            if (to - from < 12 || !startsWithIgnoreCase(data, from, to, "SIP/2.0/UDP")
                    || (data[from + 11] != ' ' && data[from + 11] != '\t')
                    || indexOf(data, from, to, ";branch=z9hG4bK") < 0
                    || mentions(data, from, to, "maddr") || mentions(data, from, to, "received")) {
                return null;
            }
            TopVia v = new TopVia();
            v.rport0 = to;
            v.rport1 = to;
            int rport = indexOfIgnoreCase(data, from, to, "rport");
            if (rport >= 0) {
                int after = rport + "rport".length();
                if (data[rport - 1] != ';' || (after < to && data[after] != ';')
                        || indexOfIgnoreCase(data, after, to, "rport") >= 0) {
                    return null; // rport=port, or spelt in a way this scan does not rewrite
                }
                v.rport0 = rport - 1;
                v.rport1 = after;
            }
            return v;
        }
    }

    private static boolean endsWith(byte[] data, int from, int to, String text) {
        return to - from >= text.length() && startsWith(data, to - text.length(), to, text);
    }

    /** Whether {@code text} (lower case) occurs in the range, in any case. */
    private static boolean mentions(byte[] data, int from, int to, String text) {
        return indexOfIgnoreCase(data, from, to, text) >= 0;
    }

    private static int indexOfIgnoreCase(byte[] data, int from, int to, String lowerText) {
        int n = lowerText.length();
        for (int i = from; i + n <= to; i++) {
            int j = 0;
            while (j < n && lower(data[i + j]) == lowerText.charAt(j)) {
                j++;
            }
            if (j == n) {
                return i;
            }
        }
        return -1;
    }
}
