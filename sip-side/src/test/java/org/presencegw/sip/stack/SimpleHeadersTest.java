package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.parser.ParserFactory;
import java.text.ParseException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link SimpleHeaders} makes, for the plain forms it takes, the very object the RI's parser makes of the same line
 * (every field, {@link ObjectDump}), and leaves every other form to the RI.
 */
class SimpleHeadersTest {

    /** Plain forms: each must be taken (else the fast way is silently off) and equal the RI's parse. */
    private static final List<String> TAKEN = List.of(
            "Call-ID: 4711-31337@127.0.0.1", "Call-ID: a", "call-id:\tx@[::1]", "Call-ID: 1@2@3",
            "Call-ID: a%20b~!*_+`'()<>:\\\"/[]?{}", "CALL-ID:  c",
            "CSeq: 1 SUBSCRIBE", "CSeq: 0 PUBLISH", "CSeq: 2147483648 REGISTER", "CSeq: 7 subscribe",
            "CSeq: 7\tNOTIFY", "CSeq: 12  INVITE", "cseq: 0001 ACK", "CSeq: 1 Message",
            "Max-Forwards: 70", "Max-Forwards: 0", "Max-Forwards: 255", "Max-Forwards: 007", "Max-Forwards :\t9",
            "Content-Length: 0", "Content-Length: 123456789", "content-length:\t17",
            "Expires: 3600", "Expires: 0", "Expires: 999999999", "EXPIRES: 60",
            "Event: presence", "Event: dialog", "Event: presence;id=1", "Event: presence;id=a.b-c;x=y",
            "Event: presence.winfo", "Event: PRESENCE", "Event: ua-profile;effective-by=3600", "Event: presence;id",
            "From: <sip:a@b>;tag",
            "From: <sip:w4711-31337@watchers.test>;tag=31337T4711", "From: <sip:a@b>", "From: <sip:A.b_c@EXAMPLE.com>",
            "From: <sip:alice@127.0.0.1:5070>;tag=x;foo", "from:\t<sip:a@b.c;user=phone>;tag=1",
            "From: <sip:a(1)!~*'@host-1.example>;tag=a.b!c%d",
            "To: <sip:user4711@jabber.test>", "To: <sip:user4711@jabber.test>;tag=7c1e9a03", "TO: <sip:b@c:1>",
            "To: <sip:u@10.0.0.1:65535;transport=udp;lr>",
            "Contact: <sip:w4711-31337@127.0.0.1:5070;transport=UDP>", "Contact: <sip:a@b>;expires=60",
            "Contact: <sip:a@b>;q=0.5;expires=3600", "contact: <sip:a@b;ob>;reg-id=1",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-31337-4711-0",
            "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK3f9a1c0e7d2b44a1;rport=5060",
            "Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK1;rport", "via: sip/2.0/udp H:1;received=1.2.3.4",
            "Via: SIP/2.0/UDP  a;branch=1", "Via: SIP/2.0/UDP h;Branch=B1;RPORT;Received=1.2.3.4",
            "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKx;alias");

    /** Other forms: left to the RI (whatever it makes of them). */
    private static final List<String> LEFT = List.of(
            "Call-ID: a b", "Call-ID: a ", "Call-ID:", "Call-ID: \u00e9t\u00e9", "Call-ID: a\u0001",
            "CSeq: 1SUBSCRIBE", "CSeq: 1 ", "CSeq:  SUBSCRIBE", "CSeq: -1 SUBSCRIBE", "CSeq: 1 SUB SCRIBE",
            "CSeq: 12345678901 SUBSCRIBE", "CSeq: 4294967296 SUBSCRIBE", "CSeq: 1 SUBSCRIBE ", "CSeq: 8 R",
            "CSeq: 3 FOO-bar.1", "CSeq: 1 INFO", "CSeq: 1 Contact",
            "Max-Forwards: 256", "Max-Forwards: 1000", "Max-Forwards: -1", "Max-Forwards: 70 ", "Max-Forwards: 7a",
            "Content-Length: 1234567890", "Content-Length: +1", "Content-Length: 0 ",
            "Expires: 3600 ", "Expires: 1234567890", "Expires: soon", "Expires: Sat, 01 Jan 2000 00:00:00 GMT",
            "Event: ", "Event: presence ", "Event: presence; id=1", "Event: presence;id=",
            "Event: presence;id=\"1\"", "Event: presence;;id=1", "Event: pr\u00e9sence", "Event: a/b",
            "\u0000Max-Forwards: 4", " Max-Forwards: 4", "\tVia: SIP/2.0/UDP h", "Max-Forwards\u0000: 4",
            "Max\u00adForwards: 4", "Max-Forwards : 4x",
            "Subject: x", "i: compact@form", "o: presence", "l: 0", "f: <sip:a@b>", "v: SIP/2.0/UDP h",
            "From: \"Alice\" <sip:a@b>;tag=1", "From: Alice <sip:a@b>", "From: sip:a@b;tag=1", "From: <sips:a@b>",
            "From: <SIP:a@b>", "From: <sip:b>", "From: <sip:a%20b@c>", "From: <sip:a@[::1]>",
            "From: <sip:a@b> ;tag=1", "From: <sip:a@b>;tag=\"1\"", "From: <sip:a@b?subject=x>", "From: <sip:a@b:>",
            "From: <sip:a@b:123456>", "From: <sip:a@b;x=>", "From: < sip:a@b>", "From: <tel:+123>",
            "From: <sip:a@b>,<sip:c@d>", "To: <sip:a:pw@b>", "To: <sip:a@b", "To: <sip:a@b>x",
            "Contact: *", "Contact: <sip:a@b>, <sip:c@d>", "Contact: <sip:a@b>;+sip.instance=\"<urn:uuid:1>\"",
            "Contact: sip:a@b", "Contact: <sip:a;b@c>",
            "Via: SIP/2.0/UDP h:1, SIP/2.0/UDP i:2", "Via: SIP/2.0/UDP [::1]:5060;branch=1", "Via: SIP/2.0/UDPh",
            "Via: SIP/2.0/UDP h (comment)", "Via: SIP / 2.0 / UDP h", "Via: SIP/2.0/UDP h;branch=\"1\"",
            "Via: SIP/2.0/UDP h;maddr=[::1]", "Via: SIP/2.0/UDP 1:2:3", "Via: SIP/2.0/UDP h ;branch=1",
            "Via: SIP/2.0/UDP 192.0.2.59:5050;branch;branch=z9hG4bKkdjuw39234", "Via: SIP/2.0/UDP h;BRANCH");

    @Example
    void plainForms_areTakenAndEqualTheRiParse() throws ParseException {
        for (String line : TAKEN) {
            SIPHeader fast = simple(line);
            assertNotNull(fast, "not taken: " + line);
            assertEquals(ObjectDump.of(ri(line)), ObjectDump.of(fast), line);
            assertEquals(ri(line).encode(), fast.encode(), line);
        }
    }

    @Example
    void otherForms_areLeftToTheRi() {
        for (String line : LEFT) {
            assertNull(simple(line), "taken: " + line);
        }
    }

    @Example
    void cseqAboveTheRiLimit_isLeftToTheRi_whichRefusesIt() {
        // setSeqNumber refuses more than 2^31: the RI reports that, not us
        assertNull(simple("CSeq: 2147483649 SUBSCRIBE"));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> name = Arbitraries.of("Call-ID", "CSeq", "Max-Forwards", "Content-Length", "Expires",
                "Event", "call-id", "EVENT", "From", "To", "Contact", "Via", "to");
        Arbitrary<String> value = Arbitraries.strings().withChars("0123456789 \t;=aZ.-@:\"<>/%~\u00e9\u0001")
                .ofMinLength(0).ofMaxLength(14);
        Arbitrary<String> plain = Arbitraries.of("1 SUBSCRIBE", "70", "presence;id=4", "x@y", "3600",
                "<sip:a@b>", "<sip:a@b:5>;tag=1", "<sip:a@1.2.3.4;transport=tcp>", "SIP/2.0/UDP h:1;branch=z",
                "SIP/2.0/TCP 127.0.0.1;rport");
        Arbitrary<String> mixed = Combinators.combine(plain, value, Arbitraries.integers().between(0, 12))
                .as((p, v, at) -> p.substring(0, Math.min(at, p.length())) + v + p.substring(Math.min(at, p.length())));
        return Combinators.combine(name, Arbitraries.oneOf(value, plain, mixed), Arbitraries.of("", " ", ":", ";id=1",
                ";tag=a", ">"))
                .as((n, v, tail) -> n + ": " + v + tail);
    }

    /** Whatever the line: taken only when the RI parses it too, to the same object. */
    @Property(tries = 20000)
    void anyLine_takenOnlyAsTheRiParsesIt(@ForAll("lines") String line) {
        SIPHeader fast = simple(line);
        Statistics.label("taken").collect(fast != null);
        // not vacuous: a good share of the lines must be taken (and so compared with the RI's parse)
        Statistics.label("taken").coverage(c -> c.check(true).percentage(p -> p >= 3.0));
        if (fast == null) {
            return;
        }
        SIPHeader ri;
        try {
            ri = ri(line);
        } catch (ParseException | RuntimeException e) {
            throw new AssertionError("taken, but the RI refuses it: " + line + " (" + e + ")");
        }
        assertEquals(ObjectDump.of(ri), ObjectDump.of(fast), line);
    }

    private static SIPHeader simple(String line) {
        int colon = line.indexOf(':');
        String name = colon < 1 ? null : StrictMessageParser.directName(line, colon);
        return name == null ? null : SimpleHeaders.parse(name, line, colon);
    }

    private static SIPHeader ri(String line) throws ParseException {
        return ParserFactory.createParser(line + "\n").parse();
    }
}
