package org.presencegw.sip.subscription;

import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sip.message.Response;
import org.presencegw.sip.server.ServerExchange;
import org.presencegw.sip.store.SubscriptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers copies of SUBSCRIBEs already processed, without a server transaction (docs/decisions/0002): a copy (same
 * dialog, same CSeq) gets the answer its first copy got and changes nothing, sends no NOTIFY. For a live
 * subscription that is 200 with the time left; for one ended by an unsubscribe or fetch in the last 32 s it is 200
 * with {@code Expires: 0}; the same CSeq with another branch and no To tag is a merged request (482). RFC 3261
 * 17.2.2 and 8.2.2.2 behaviour, kept in {@link SubscriptionRegistry} and {@link RecentlyEnded}
 * instead of one RI transaction per request. Thread-safe.
 */
final class RetransmissionMemory {

    private static final Logger LOG = LoggerFactory.getLogger(RetransmissionMemory.class);

    private final SubscriptionRegistry registry;
    private final RecentlyEnded ended;
    private final Clock clock;

    RetransmissionMemory(SubscriptionRegistry registry, Clock clock) {
        this.registry = registry;
        this.ended = new RecentlyEnded(clock);
        this.clock = clock;
    }

    /** Remembers that the SUBSCRIBE with {@code cseq} ended (or fetched) the dialog {@code key}. */
    void endedBy(SubscriptionKey key, long cseq) {
        ended.put(key, cseq);
    }

    /** Lets the memory of ended dialogs swap its 32-s generations when due ({@link RecentlyEnded#rotate}). */
    void rotate() {
        ended.rotate();
    }

    /** Whether the dialog {@code key} is live or ended in the last 32 s: a SUBSCRIBE in it is for its handler. */
    boolean knows(SubscriptionKey key) {
        return registry.find(key).isPresent() || ended.endedBy(key).isPresent();
    }

    /**
     * Answers {@code exchange} when it is a copy of a SUBSCRIBE already processed in dialog {@code key}.
     *
     * @return false when it is not such a copy
     */
    boolean answerCopy(ServerExchange exchange, SubscriptionKey key, long cseq) throws ParseException {
        Optional<Subscription> live = registry.find(key);
        if (live.isPresent()) {
            Subscription s = live.get();
            synchronized (s) {
                if (!s.isCopy(cseq)) {
                    return false;
                }
                if (exchange.toTag().isEmpty() && s.mergedWith(exchange.branch())) {
                    // RFC 3261 8.2.2.2 (UAS-07): the same request reached us again by another path.
                    LOG.debug("[{}] merged SUBSCRIBE (new branch, same CSeq): 482", key.callId());
                    exchange.send(exchange.createResponse(Response.LOOP_DETECTED, "Merged Request"));
                    return true;
                }
                if (s.lane().gated()) {
                    // The first copy's 200 waits for the store; this copy is absorbed (RFC 3261 17.2.2, Trying):
                    // its answer is the first one's, so the dispatcher must not answer it 500.
                    LOG.debug("[{}] SUBSCRIBE retransmission while its answer waits: dropped", key.callId());
                    exchange.absorb(); // answered by the first copy's 200: no 500 from the dispatcher for this one
                    return true;
                }
                LOG.debug("[{}] SUBSCRIBE retransmission: 200 again", key.callId());
                OkResponses.send(exchange, key.localTag(), s.remainingSeconds(clock.instant()),
                        s.source().servesLists());
                return true;
            }
        }
        OptionalLong endedBy = ended.endedBy(key);
        if (endedBy.isPresent() && endedBy.getAsLong() == cseq) {
            LOG.debug("[{}] retransmission of the SUBSCRIBE that ended the dialog: 200 again", key.callId());
            OkResponses.send(exchange, key.localTag(), 0);
            return true;
        }
        return false;
    }
}
