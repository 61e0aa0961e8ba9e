package org.presencegw.sip.server;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * The final answers to requests handled without a server transaction, as encoded bytes, for 8 to 10 seconds: a
 * retransmission (same top Via branch and sent-by, same method: RFC 3261 17.2.3) gets the same answer again without
 * being handled twice, as a server transaction in its Completed state would give it (17.2.2). A client whose
 * response is lost retransmits after 0.5, 1.5, 3.5 and 7.5 s, so 8 s covers four lost answers in a row; RFC 3261
 * keeps the transaction 32 s (Timer J = 64*T1), which cost a full old-generation collection every minute or two
 * at 2000 PUBLISH/s. A copy later than that is handled again. At a few hundred bytes an answer this is a tenth of
 * what the RI keeps per lingering transaction. Bounded: past {@code maxEntries} new answers are not remembered.
 * Thread-safe.
 */
final class AnsweredRequests {

    private static final long BUCKET_MILLIS = 2_000;
    /** 4 full buckets of 2 s plus the current one: an answer is kept at least 8 s. */
    private static final int BUCKETS = 5;

    /** Stands for "being handled, no answer yet". */
    private static final byte[] PENDING = new byte[0];

    private final Clock clock;
    private final int maxEntries;
    private final Bucket[] buckets = new Bucket[BUCKETS];
    private final AtomicInteger size = new AtomicInteger();

    private static final class Bucket {
        volatile long epoch = -1;
        final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    }

    AnsweredRequests(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    /**
     * The RFC 3261 17.2.3 key of a request; empty for an RFC 2543 request (no magic-cookie branch) and for one
     * over a reliable transport, which the client never retransmits (17.1.2.2).
     */
    static Optional<String> key(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (via == null || cseq == null || via.getBranch() == null || !via.getBranch().startsWith("z9hG4bK")
                || !"UDP".equalsIgnoreCase(via.getTransport())) {
            return Optional.empty();
        }
        return Optional.of(via.getBranch() + ' ' + via.getHost() + ':' + via.getPort() + ' ' + cseq.getMethod());
    }

    /** The request with {@code key} is being handled: its copies are dropped until {@link #remember} replaces this. */
    void markPending(String key) {
        put(key, PENDING);
    }

    /** The final response to the request with {@code key}, as sent (UTF-8). */
    void remember(String key, byte[] finalResponse) {
        put(key, finalResponse);
    }

    private void put(String key, byte[] answer) {
        if (size.get() >= maxEntries) {
            return;
        }
        long epoch = clock.millis() / BUCKET_MILLIS;
        Bucket b = buckets[(int) (epoch % BUCKETS)];
        if (b.epoch != epoch) {
            synchronized (b) {
                if (b.epoch != epoch) {
                    size.addAndGet(-b.answers.size());
                    b.answers.clear();
                    b.epoch = epoch;
                }
            }
        }
        if (b.answers.put(key, answer) == null) {
            size.incrementAndGet();
        }
    }

    /**
     * The answer given to the request with {@code key} in the last 8 s at least, as SIP message text; an empty
     * text while the request is still being handled ({@link #markPending}).
     */
    Optional<String> answerOf(String key) {
        long epoch = clock.millis() / BUCKET_MILLIS;
        Optional<String> found = Optional.empty();
        for (Bucket b : buckets) {
            if (epoch - b.epoch < BUCKETS) {
                byte[] answer = b.answers.get(key);
                if (answer != null && answer.length > 0) {
                    return Optional.of(new String(answer, StandardCharsets.UTF_8));
                }
                if (answer != null) {
                    found = Optional.of("");
                }
            }
        }
        return found;
    }
}
