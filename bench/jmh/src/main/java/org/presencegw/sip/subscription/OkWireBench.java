package org.presencegw.sip.subscription;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
import org.presencegw.sip.stack.StrictMessageParser;

/**
 * The 200 to the bench's SUBSCRIBE written by {@link OkWire} (package-private, hence this package), for one request
 * parsed by the gateway's parser ({@code arrived}: From, To and Call-ID copied as they arrived, bench/FINDINGS.md
 * session 38) and one parsed by the RI's ({@code encoded}: the RI encodes its parse of them, as every 200 did
 * before). The top Via has received and rport, as after a UDP receive.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OkWireBench {

    private static final String SUBSCRIBE = "SUBSCRIBE sip:user4711@jabber.test SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-18886-1-0;rport\r\n"
            + "From: <sip:u1-18886@watchers.test>;tag=18886U1\r\n"
            + "To: <sip:user4711@jabber.test>\r\n"
            + "Call-ID: 1-18886@127.0.0.1\r\n"
            + "CSeq: 1 SUBSCRIBE\r\n"
            + "Contact: <sip:u1-18886@127.0.0.1:5062>\r\n"
            + "Max-Forwards: 70\r\n"
            + "Event: presence\r\n"
            + "Accept: application/pidf+xml\r\n"
            + "Expires: 3600\r\n"
            + "Content-Length: 0\r\n\r\n";

    private SIPRequest arrived;
    private SIPRequest encoded;

    @Setup
    public void setup() throws Exception {
        arrived = received(new StrictMessageParser());
        encoded = received(new StringMsgParser());
    }

    private static SIPRequest received(StringMsgParser parser) throws Exception {
        SIPRequest r = (SIPRequest) parser.parseSIPMessage(SUBSCRIBE.getBytes(StandardCharsets.UTF_8), true, false,
                null);
        Via top = (Via) r.getTopmostVia();
        top.setReceived("127.0.0.1");
        top.setParameter("rport", "5062");
        return r;
    }

    @Benchmark
    public byte[] arrived() {
        return OkWire.write(arrived, "7f3a9c01", 3600, "127.0.0.1", 5060, false);
    }

    @Benchmark
    public byte[] encoded() {
        return OkWire.write(encoded, "7f3a9c01", 3600, "127.0.0.1", 5060, false);
    }
}
