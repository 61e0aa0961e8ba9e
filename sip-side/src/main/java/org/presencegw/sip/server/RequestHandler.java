package org.presencegw.sip.server;

/**
 * Handles one SIP method. Must send exactly one final response through the exchange; an exception thrown here is
 * logged by the dispatcher and answered with 500 when no response was sent yet.
 */
@FunctionalInterface
public interface RequestHandler {
    void handle(ServerExchange exchange) throws Exception;
}
