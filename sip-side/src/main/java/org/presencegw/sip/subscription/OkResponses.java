package org.presencegw.sip.subscription;

import javax.sip.header.ToHeader;
import javax.sip.message.Response;
import org.presencegw.sip.server.ServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The 200 to a SUBSCRIBE (RFC 6665 4.2.1.1): Expires, our To tag and a Contact (RFC 3261 12.1.1). */
final class OkResponses {

    private static final Logger LOG = LoggerFactory.getLogger(OkResponses.class);

    private OkResponses() {
    }

    /**
     * Sends 200 with {@code Expires: expires}, To tag {@code localTag} and our Contact for the flow the request
     * arrived on (advertised or local address, SIPS for a {@code sips:} request); a
     * response that cannot be built is logged (the watcher retransmits, and the copy is answered again).
     */
    static void send(ServerExchange exchange, String localTag, long expires) {
        send(exchange, localTag, expires, false);
    }

    /** As {@link #send(ServerExchange, String, long)}; a list's 200 also says {@code Require: eventlist}. */
    static void send(ServerExchange exchange, String localTag, long expires, boolean list) {
        try {
            Response ok = exchange.createResponse(Response.OK);
            ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(localTag);
            }
            ok.addHeader(exchange.stack().headers().createExpiresHeader((int) Math.min(Integer.MAX_VALUE, expires)));
            ok.addHeader(exchange.contact());
            if (list) {
                ok.addHeader(exchange.stack().headers().createRequireHeader(NotifyFactory.EVENTLIST));
            }
            exchange.send(ok);
        } catch (Exception e) {
            LOG.warn("[{}] cannot build 200: {}", exchange.callId(), e.toString());
        }
    }
}
