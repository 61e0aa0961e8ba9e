package org.presencegw.sip.subscription;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A NOTIFY over UDP written straight to bytes (decision 0011): the same request as {@link NotifyFactory#build}
 * builds with the RI's factories for a dialog without route set over UDP (RFC 6665 4.2.2, RFC 3261 12.2.1.1),
 * without the RI's header objects and its encoder. Every value comes from a message the RI parsed or from us; one
 * with a control character (CR, LF, ...) is not written and the NOTIFY goes through the RI ({@link #write} gives
 * null), so that no value can end a header line early.
 */
final class NotifyWire {

    private static final byte[] CRLF = {'\r', '\n'};

    private NotifyWire() {
    }

    /**
     * The NOTIFY's bytes, or null when a value cannot be written as is.
     *
     * @param sentByHost our host for the Via and the Contact (an IPv6 literal in brackets)
     * @param sentByPort our port for the Via and the Contact
     */
    static byte[] write(DialogRecord d, String event, SubscriptionAction.SendNotify n, Optional<NotifyBody> body,
                        Instant now, String sentByHost, int sentByPort, String branch) {
        long expiresMillis = n.expiresAt().toEpochMilli() - now.toEpochMilli();
        if (d.localCseq() > Integer.MAX_VALUE || expiresMillis / 1000 >= Integer.MAX_VALUE) {
            return null; // RFC 3261 8.1.1.5: a CSeq below 2^31; the RI's path refuses both, and so it ends
        }
        byte[] content = body.map(NotifyBody::bytes).orElse(null);
        Sink out = new Sink(512 + (content == null ? 0 : content.length));
        out.text("NOTIFY ").value(d.remoteTarget()).text(" SIP/2.0").crlf();
        out.text("Via: SIP/2.0/UDP ").value(sentByHost).text(":").number(sentByPort).text(";branch=")
                .value(branch).crlf();
        out.text("Max-Forwards: 70").crlf();
        out.text("To: <").value(d.remoteUri()).text(">;tag=").value(d.remoteTag()).crlf();
        out.text("From: <").value(d.localUri()).text(">;tag=").value(d.localTag()).crlf();
        out.text("Call-ID: ").value(d.callId()).crlf();
        out.text("CSeq: ").number(d.localCseq()).text(" NOTIFY").crlf();
        out.text("Contact: <sip:").value(sentByHost).text(":").number(sentByPort).text(";transport=udp>")
                .crlf();
        out.text("Event: ").value(event);
        if (d.eventId().isPresent()) {
            out.text(";id=").value(d.eventId().get());
        }
        out.crlf();
        out.text("Subscription-State: ");
        subscriptionState(out, n, now);
        out.crlf();
        if (body.isPresent()) {
            if (body.get().contentType().startsWith("multipart/related")) {
                out.text("Require: ").text(NotifyFactory.EVENTLIST).crlf();
            }
            out.text("Content-Type: ").value(body.get().contentType()).crlf();
        }
        out.text("Content-Length: ").number(content == null ? 0 : content.length).crlf().crlf();
        if (content != null) {
            out.bytes(content);
        }
        return out.unwritable ? null : out.toArray();
    }

    /** RFC 6665 4.2.2, as {@link NotifyFactory}: expires = remaining time; terminated with its reason. */
    private static void subscriptionState(Sink out, SubscriptionAction.SendNotify n, Instant now) {
        if (n.state() == SubscriptionState.TERMINATED) {
            out.text("terminated");
            if (n.reason().isPresent()) {
                out.text(";reason=").value(n.reason().get().wire());
            }
            return;
        }
        out.text(n.state() == SubscriptionState.PENDING ? "pending" : "active");
        long millis = n.expiresAt().toEpochMilli() - now.toEpochMilli();
        out.text(";expires=").number(Math.max(0, (millis + 999) / 1000));
    }

    /** A growing byte array: ASCII written as is, other text as UTF-8. Not thread-safe. */
    private static final class Sink {
        private byte[] buf;
        private int size;
        /** A value had a control character in it, which would end or split a header line. */
        boolean unwritable;

        Sink(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        /** Our own text: ASCII, no control characters. */
        Sink text(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        /** A value from a message or the store: no control characters; non-ASCII as UTF-8. */
        Sink value(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    unwritable = true;
                    return this;
                }
                if (c >= 0x80) {
                    size -= i;
                    for (int j = i + 1; j < s.length(); j++) {
                        if (s.charAt(j) < 0x20 || s.charAt(j) == 0x7f) {
                            unwritable = true;
                            return this;
                        }
                    }
                    return bytes(s.getBytes(StandardCharsets.UTF_8));
                }
                buf[size++] = (byte) c;
            }
            return this;
        }

        Sink number(long v) {
            return text(Long.toString(v));
        }

        Sink crlf() {
            return bytes(CRLF);
        }

        Sink bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
            return this;
        }

        byte[] toArray() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
