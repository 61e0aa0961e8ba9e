package org.presencegw.sip.stack;

import java.text.ParseException;
import java.util.Objects;
import javax.sip.InvalidArgumentException;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;

/**
 * The stack objects a handler needs to build and send messages, plus where we listen ({@link LocalEndpoints}):
 * our Contact and Via for a flow name the advertised address or the local address the flow arrived on.
 */
public record StackContext(LocalEndpoints endpoints, MessageFactory messages, HeaderFactory headers,
                           AddressFactory addresses) {
    public StackContext {
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(addresses, "addresses");
    }

    /** The provider of the first listen address. */
    public SipProvider provider() {
        return endpoints.defaultProvider();
    }

    /**
     * Our Contact for a dialog over {@code flow}, usable as the target of in-dialog requests (RFC 3261 12.1.1):
     * {@code <sip:host:port;transport=t>}; {@code <sips:host:port>} when the dialog is secure (RFC 5630 4.1: a
     * {@code sips:} Request-URI asks for a SIPS Contact; {@code transport=tls} is deprecated there); over WSS
     * {@code <sips:host:port;transport=ws>} (RFC 7118 5: {@code ws} names both, {@code sips} says secure).
     */
    public ContactHeader contact(Flow flow, boolean sips) throws ParseException {
        SipURI uri = addresses.createSipURI(null, HostLiterals.forUri(endpoints.sentByHost(flow)));
        uri.setPort(endpoints.sentByPort(flow));
        String transport = flow.transport();
        if (transport.equals("wss") || transport.equals("ws")) {
            uri.setSecure(transport.equals("wss"));
            uri.setTransportParam("ws");
        } else if (sips) {
            uri.setSecure(true);
        } else {
            uri.setTransportParam(transport);
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** Our Via for a request sent over {@code flow}. */
    public ViaHeader via(Flow flow, String branch) throws ParseException, InvalidArgumentException {
        return headers.createViaHeader(HostLiterals.forUri(endpoints.sentByHost(flow)), endpoints.sentByPort(flow),
                flow.transport(), branch);
    }
}
