package org.presencegw.sip.stack;

import gov.nist.javax.sip.stack.DefaultRouter;
import gov.nist.javax.sip.stack.HopImpl;
import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.address.Hop;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RouteHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Sends a request without Route headers back over the flow its subscription arrived on (the source address and
 * port and transport, RFC 5626-style), so a TCP NOTIFY reuses the watcher's connection (the RI's connection
 * cache is keyed by the peer's ip:port) and a UDP NOTIFY reaches a watcher behind NAT. With a route set, or for
 * unknown Call-IDs, it behaves as the RI's {@link DefaultRouter}. Set via {@code javax.sip.ROUTER_PATH}.
 */
public final class FlowRouter extends DefaultRouter {

    private final String stackName;

    /** The RI's reflective constructor signature. */
    public FlowRouter(SipStack stack, String outboundProxy) {
        super(stack, outboundProxy);
        this.stackName = stack.getStackName();
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        if (request.getHeader(RouteHeader.NAME) == null) {
            CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
            if (callId != null) {
                var flow = FlowTable.forStack(stackName).flatMap(t -> t.find(callId.getCallId()));
                ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
                // A request moved to another transport than its flow's (a large NOTIFY to TCP, RFC 3261 18.1.1)
                // goes by its Request-URI.
                if (flow.isPresent() && (via == null || flow.get().transport().equalsIgnoreCase(via.getTransport()))) {
                    Flow f = flow.get();
                    return new HopImpl(f.address(), f.port(), f.transport());
                }
            }
        }
        return super.getNextHop(request);
    }
}
