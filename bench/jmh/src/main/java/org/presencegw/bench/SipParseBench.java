package org.presencegw.bench;

import gov.nist.javax.sip.message.SIPMessage;
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
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.presencegw.sip.stack.StrictMessageParser;

/**
 * The SIP stack's parse of the two messages every subscription brings in: the bench's SUBSCRIBE (sipp's
 * {@code bench/sipp/subscribe.xml}, as sent) and sipp's 200 to the gateway's NOTIFY. The RI's own parser against
 * the one the gateway's stack runs ({@code MESSAGE_PARSER_FACTORY}). Run with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SipParseBench {

    static final byte[] SUBSCRIBE = crlf("""
            SUBSCRIBE sip:user4711@jabber.test SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-31337-4711-0
            Max-Forwards: 70
            From: <sip:w4711-31337@watchers.test>;tag=31337T4711
            To: <sip:user4711@jabber.test>
            Call-ID: 4711-31337@127.0.0.1
            CSeq: 1 SUBSCRIBE
            Contact: <sip:w4711-31337@127.0.0.1:5070;transport=UDP>
            Event: presence
            Accept: application/pidf+xml
            Expires: 3600
            User-Agent: sipp-bench
            Content-Length: 0

            """);

    static final byte[] OK_TO_NOTIFY = crlf("""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK3f9a1c0e7d2b44a1;rport=5060
            From: <sip:user4711@jabber.test>;tag=7c1e9a03
            To: <sip:w4711-31337@watchers.test>;tag=31337T4711
            Call-ID: 4711-31337@127.0.0.1
            CSeq: 2 NOTIFY
            Content-Length: 0

            """);

    private final StringMsgParser ri = new StringMsgParser();
    private final StrictMessageParser strict = new StrictMessageParser();

    static byte[] crlf(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public SIPMessage riSubscribe() throws Exception {
        return ri.parseSIPMessage(SUBSCRIBE, true, false, null);
    }

    @Benchmark
    public SIPMessage gatewaySubscribe() throws Exception {
        return strict.parseSIPMessage(SUBSCRIBE, true, false, null);
    }

    @Benchmark
    public SIPMessage riOkToNotify() throws Exception {
        return ri.parseSIPMessage(OK_TO_NOTIFY, true, false, null);
    }

    @Benchmark
    public SIPMessage gatewayOkToNotify() throws Exception {
        return strict.parseSIPMessage(OK_TO_NOTIFY, true, false, null);
    }
}
