package org.presencegw.sip.subscription;

import gov.nist.javax.sip.message.SIPRequest;
import java.text.ParseException;
import javax.sip.InvalidArgumentException;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.presencegw.sip.server.ServerExchange;
import org.presencegw.sip.stack.Flow;
import org.presencegw.sip.stack.HostLiterals;
import org.presencegw.sip.stack.LocalEndpoints;
import org.presencegw.sip.stack.StackContext;
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
            if (sentWritten(exchange, localTag, expires, list)) {
                return;
            }
            exchange.send(build(exchange.stack(), exchange.request(), exchange.contact(), localTag, expires, list));
        } catch (Exception e) {
            LOG.warn("[{}] cannot build 200: {}", exchange.callId(), e.toString());
        }
    }

    /** The 200 as RI objects: the RI's copy of the request's headers, then ours. */
    static Response build(StackContext stack, Request request, ContactHeader contact, String localTag,
                          long expires, boolean list) throws ParseException, InvalidArgumentException {
        Response ok = stack.messages().createResponse(Response.OK, request);
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        if (to.getTag() == null) {
            to.setTag(localTag);
        }
        ok.addHeader(stack.headers().createExpiresHeader((int) Math.min(Integer.MAX_VALUE, expires)));
        ok.addHeader(contact);
        if (list) {
            ok.addHeader(stack.headers().createRequireHeader(NotifyFactory.EVENTLIST));
        }
        return ok;
    }

    /**
     * Over UDP with a plain {@code sip:} Request-URI: the same 200 written to bytes ({@link OkWire}) and sent by
     * the exchange; false when it goes the RI's way.
     */
    private static boolean sentWritten(ServerExchange exchange, String localTag, long expires, boolean list) {
        LocalEndpoints endpoints = exchange.stack().endpoints();
        // A stack started with -Dpresencegw.sip.directUdp=false has no stack name in its endpoints: asked once per
        // stack, not per answer (System.getProperty on every 200 was 1.3 % of the answering threads' time).
        if (endpoints.stackName().isEmpty() || exchange.sipsRequest()
                || !(exchange.request() instanceof SIPRequest request)
                || !"udp".equalsIgnoreCase(exchange.arrivalTransport())) {
            return false;
        }
        Flow flow = exchange.flow();
        byte[] wire = OkWire.write(request, localTag, expires, HostLiterals.forUri(endpoints.sentByHost(flow)),
                endpoints.sentByPort(flow), list);
        return wire != null && exchange.sendWritten(Response.OK, wire);
    }
}
