package org.presencegw.sip.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.parser.ParseExceptionListener;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.presencegw.sip.testing.Mutations;

/**
 * Fuzzing the first step of the SIP request path: the parser every transport uses (the RI's, wrapped by
 * {@link StrictMessageParser}) takes any bytes and either gives a message or a ParseException, which the RI's
 * transports handle (UDP: 400). Anything else would end the transport's thread. Corpus: {@code /fuzz/sip} and the
 * RFC 4475 messages.
 */
class SipParserFuzzTest {

    /** As the RI's UDP channel does for non-essential headers: a bad one is dropped, parsing goes on. */
    private static final ParseExceptionListener LENIENT = (ex, message, headerClass, header, text) -> { };

    /** The fuzz seeds and the RFC 4475 messages. */
    static List<byte[]> corpus() {
        List<byte[]> all = new ArrayList<>(Mutations.corpus(SipParserFuzzTest.class, "/fuzz/sip"));
        all.addAll(Mutations.corpus(SipParserFuzzTest.class, "/sip-torture"));
        return all;
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Mutations.of(corpus(), 8);
    }

    @Property
    @Label("UAS-01: any bytes give a message or a ParseException")
    void anyBytes_messageOrParseException(@ForAll("messages") byte[] bytes) {
        parse(bytes, true);
        parse(bytes, false);
    }

    @Example
    void corpus_everySeedParsesOrIsRefusedCleanly() {
        for (byte[] seed : corpus()) {
            parse(seed, true);
        }
    }

    private static void parse(byte[] bytes, boolean readBody) {
        try {
            new StrictMessageParser().parseSIPMessage(bytes, readBody, false, LENIENT);
        } catch (ParseException e) {
            assertTrue(e.getMessage() != null);
        }
    }
}
