package org.presencegw.sip.server;

/**
 * Handles one SIP method. Must send exactly one final response through the exchange; an exception thrown here is
 * logged by the dispatcher and answered with 500 when no response was sent yet.
 *
 * <p>Every request is answered without a JAIN-SIP server transaction (RFC 3261 8.2.7 stateless UAS behaviour,
 * docs/decisions/0002), which the RI would keep 32 s per request over UDP. So a handler either acts the same way on
 * every copy of a request (OPTIONS), or recognises copies itself (SUBSCRIBE), or asks the dispatcher to replay its
 * first final answer to them ({@link #replaysAnswers}).
 */
public interface RequestHandler {
    void handle(ServerExchange exchange) throws Exception;

    /**
     * True when the dispatcher should absorb retransmissions for this handler: the final response is kept (as bytes,
     * 8 s) and a retransmitted request gets it again without reaching the handler.
     */
    default boolean replaysAnswers() {
        return false;
    }
}
