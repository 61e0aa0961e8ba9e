package org.presencegw.sip.server;

import java.util.List;
import javax.sip.message.Response;
import org.presencegw.sip.store.SipChange;
import org.presencegw.sip.store.StateWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers that promise durable state (docs/DESIGN.md, "what was acknowledged survives"): a 2xx to REGISTER,
 * PUBLISH or SUBSCRIBE goes out only once the state behind it is in the store; while the store cannot write, the
 * request gets {@code 503 Service Unavailable} with {@code Retry-After} and the watcher, phone or publisher tries
 * again later (RFC 3261 21.5.4).
 */
public final class CommittedAnswers {

    /** Seconds a client is asked to wait while the store is down. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(CommittedAnswers.class);

    /** Sends the final answer of {@code exchange}; runs on a SIP thread or after a commit. */
    @FunctionalInterface
    public interface Answer {
        void send() throws Exception;
    }

    private CommittedAnswers() {
    }

    /** 503 + Retry-After: the store cannot take a write now. */
    public static void unavailable(ServerExchange exchange) {
        try {
            Response r = exchange.createResponse(Response.SERVICE_UNAVAILABLE, "Store Unavailable");
            r.addHeader(exchange.stack().headers().createRetryAfterHeader(RETRY_AFTER_SECONDS));
            exchange.send(r);
        } catch (Exception e) {
            LOG.warn("[{}] cannot build 503: {}", exchange.callId(), e.toString());
        }
    }

    /**
     * Runs {@code answer} once {@code writes} are durable (at once when there is nothing to write or the store is
     * volatile), or answers 503 + Retry-After when they could not be written. An answer that throws is logged and
     * answered 500, as the dispatcher would.
     */
    public static void after(StateWriter writer, ServerExchange exchange, List<SipChange> writes, Answer answer) {
        exchange.defer();
        writer.commit(writes, failure -> {
            if (failure.isPresent()) {
                LOG.debug("[{}] not acknowledged, the store failed: {}", exchange.callId(), failure.get().toString());
                unavailable(exchange);
                return;
            }
            try {
                answer.send();
            } catch (Exception | LinkageError e) {
                LOG.warn("[{}] answer after commit failed", exchange.callId(), e);
                if (!exchange.finalSent()) {
                    try {
                        exchange.respond(Response.SERVER_INTERNAL_ERROR);
                    } catch (Exception inner) {
                        LOG.warn("[{}] cannot send 500: {}", exchange.callId(), inner.toString());
                    }
                }
            }
        });
    }
}
