package org.presencegw.sip.server;

import javax.sip.message.Response;

/**
 * OPTIONS (RFC 3261 section 11): 200 with Allow, {@code Allow-Events: presence} (RFC 6665 4.4.4) and Accept.
 */
public final class OptionsHandler implements RequestHandler {

    private final SipDispatcher dispatcher;

    public OptionsHandler(SipDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void handle(ServerExchange exchange) throws Exception {
        var headers = exchange.stack().headers();
        Response ok = exchange.createResponse(Response.OK);
        dispatcher.addAllow(ok);
        ok.addHeader(headers.createAllowEventsHeader(MediaTypes.PRESENCE_EVENT));
        ok.addHeader(headers.createAcceptHeader(MediaTypes.APPLICATION, MediaTypes.PIDF_SUBTYPE));
        exchange.send(ok);
    }

    /** The same answer every time: no transaction needed. */
    @Override
    public boolean stateless() {
        return true;
    }
}
