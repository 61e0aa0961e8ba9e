package org.presencegw.bench;

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
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.publish.PidfParser;

/**
 * A PUBLISH's PIDF body read into the presence model ({@code PidfParser.parse}): {@code bench} is the body of
 * {@code bench/sipp/publish.xml}, {@code rich} a softphone's (two tuples with notes, an RPID person with activities,
 * a note and a timestamp).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PidfParseBench {

    private static final byte[] BENCH = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:pub4711@registrar.test\">\n"
            + "  <tuple id=\"sipp-pub4711\"><status><basic>open</basic></status></tuple>\n"
            + "</presence>\n").getBytes(StandardCharsets.UTF_8);

    private static final byte[] RICH = ("<?xml version='1.0' encoding='UTF-8'?>\r\n"
            + "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'\r\n"
            + "    xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' entity='sip:alice@example.com'>\r\n"
            + "  <tuple id='t-desk'><status><basic>open</basic></status><contact priority='0.8'>"
            + "sip:alice@192.0.2.10</contact><note xml:lang='en'>At my desk</note>"
            + "<timestamp>2026-12-04T19:00:00Z</timestamp></tuple>\r\n"
            + "  <tuple id='t-mobile'><status><basic>closed</basic></status><note>Phone &amp; tablet</note></tuple>\r\n"
            + "  <dm:person id='p1'><rpid:activities><rpid:busy/><rpid:on-the-phone/></rpid:activities>"
            + "<dm:note>In a call \u2013 back at 3</dm:note></dm:person>\r\n"
            + "</presence>\r\n").getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public PresenceDocument bench() throws Exception {
        return PidfParser.parse(BENCH);
    }

    @Benchmark
    public PresenceDocument rich() throws Exception {
        return PidfParser.parse(RICH);
    }
}
