package org.presencegw.sip.auth;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the highest nonce-count seen per nonce, for at most {@code capacity} nonces (RFC 7616 section 3.4:
 * "the server can detect replays by keeping track of the nc values"). When a nonce is forgotten to make room,
 * every nonce issued no later than it is answered {@link Verdict#FORGOTTEN}, so dropping state can never let a
 * replay through: the client is asked for a fresh nonce instead.
 *
 * <p>This class is thread-safe.
 */
final class NonceCountTracker {

    /** The verdict on one use of a nonce. */
    enum Verdict {
        /** The nonce-count is above every earlier one for this nonce. */
        ACCEPTED,
        /** The nonce-count was used before (or a lower one after a higher): a replay. */
        REPLAYED,
        /** The nonce's history was dropped; it must not be trusted any more. */
        FORGOTTEN
    }

    private record Seen(Instant issuedAt, long lastCount) {
    }

    private final int capacity;
    private final Map<String, Seen> byNonce = new LinkedHashMap<>();
    private Instant forgottenUpTo = Instant.MIN;

    NonceCountTracker(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code count} for {@code nonce}, dropping history of nonces that lapsed before {@code oldest}. */
    synchronized Verdict use(String nonce, Instant issuedAt, long count, Instant oldest) {
        for (Iterator<Seen> it = byNonce.values().iterator(); it.hasNext(); ) {
            if (it.next().issuedAt().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
        Seen seen = byNonce.get(nonce);
        if (seen == null && !issuedAt.isAfter(forgottenUpTo)) {
            return Verdict.FORGOTTEN;
        }
        if (seen != null && count <= seen.lastCount()) {
            return Verdict.REPLAYED;
        }
        byNonce.put(nonce, new Seen(issuedAt, count));
        while (byNonce.size() > capacity) {
            Iterator<Map.Entry<String, Seen>> it = byNonce.entrySet().iterator();
            Instant dropped = it.next().getValue().issuedAt();
            it.remove();
            if (dropped.isAfter(forgottenUpTo)) {
                forgottenUpTo = dropped;
            }
        }
        return Verdict.ACCEPTED;
    }
}
