package org.presencegw.sip.server;

/**
 * Handles one SIP method. Must send exactly one final response through the exchange; an exception thrown here is
 * logged by the dispatcher and answered with 500 when no response was sent yet.
 */
public interface RequestHandler {
    void handle(ServerExchange exchange) throws Exception;

    /**
     * True when this handler answers without a server transaction (RFC 3261 8.2.7 stateless UAS behaviour): it
     * must then recognise retransmissions itself and answer them as before, without acting twice. Saves the RI's
     * per-request transaction, which lingers 32 s (Timer J) over UDP. True whenever {@link #replaysAnswers} is.
     */
    default boolean stateless() {
        return replaysAnswers();
    }

    /**
     * True when a stateless handler wants the dispatcher to absorb retransmissions for it: the final response is
     * kept (as bytes, 8 s) and a retransmitted request gets it again without reaching the handler.
     */
    default boolean replaysAnswers() {
        return false;
    }
}
