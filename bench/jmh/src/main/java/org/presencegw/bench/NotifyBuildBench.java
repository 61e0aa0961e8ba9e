package org.presencegw.bench;

import gov.nist.javax.sip.message.SIPRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.SipFactory;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.EventHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A presence NOTIFY built the way {@code NotifyFactory} builds one (the RI's factories: the dialog's URIs parsed
 * from text, Via, Contact, Event, Subscription-State, a PIDF body) and encoded as the RI's UDP channel encodes it.
 * {@code build} alone and {@code buildAndEncode}; {@code encode} re-encodes one built request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NotifyBuildBench {

    private static final byte[] PIDF = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<presence xmlns=\"urn:ietf:params:"
            + "xml:ns:pidf\" entity=\"sip:user4711@jabber.test\"><tuple id=\"t1\"><status><basic>open</basic>"
            + "</status></tuple></presence>").getBytes(StandardCharsets.UTF_8);

    private AddressFactory addresses;
    private HeaderFactory headers;
    private MessageFactory messages;
    private SIPRequest built;

    @Setup
    public void setup() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        addresses = f.createAddressFactory();
        headers = f.createHeaderFactory();
        messages = f.createMessageFactory();
        built = (SIPRequest) build();
    }

    @Benchmark
    public Request build() throws Exception {
        Address from = addresses.createAddress("sip:user4711@jabber.test");
        Address to = addresses.createAddress("sip:w4711-31337@watchers.test");
        var via = headers.createViaHeader("127.0.0.1", 5060, "udp", "z9hG4bK3f9a1c0e7d2b44a1");
        Request request = messages.createRequest(addresses.createURI("sip:w4711-31337@127.0.0.1:5070;transport=UDP"),
                Request.NOTIFY, headers.createCallIdHeader("4711-31337@127.0.0.1"),
                headers.createCSeqHeader(2L, Request.NOTIFY), headers.createFromHeader(from, "7c1e9a03"),
                headers.createToHeader(to, "31337T4711"), List.of(via), headers.createMaxForwardsHeader(70));
        SipURI contact = addresses.createSipURI(null, "127.0.0.1");
        contact.setPort(5060);
        contact.setTransportParam("udp");
        request.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
        EventHeader event = headers.createEventHeader("presence");
        request.addHeader(event);
        SubscriptionStateHeader state = headers.createSubscriptionStateHeader(SubscriptionStateHeader.ACTIVE);
        state.setExpires(3599);
        request.addHeader(state);
        request.setContent(PIDF, headers.createContentTypeHeader("application", "pidf+xml"));
        return request;
    }

    @Benchmark
    public byte[] buildAndEncode() throws Exception {
        return ((SIPRequest) build()).encodeAsBytes("UDP");
    }

    @Benchmark
    public byte[] encode() {
        return built.encodeAsBytes("UDP");
    }
}
