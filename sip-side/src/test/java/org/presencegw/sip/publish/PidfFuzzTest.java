package org.presencegw.sip.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.pidf.PidfRenderer;
import org.presencegw.sip.testing.Mutations;

/**
 * Fuzzing the PIDF parser (PUBLISH bodies come from anyone who may publish): any bytes give a document or a
 * PidfParseException, never another exception, an entity expansion or a file read. Corpus: {@code /fuzz/pidf}
 * (RFC 3863 and RPID documents, an XXE and a billion-laughs document).
 */
class PidfFuzzTest {

    private static final PidfRenderer RENDERER = new PidfRenderer();

    @Provide
    Arbitrary<byte[]> bodies() {
        return Mutations.of(Mutations.corpus(PidfFuzzTest.class, "/fuzz/pidf"), 6);
    }

    @Property
    void anyBody_documentOrPidfParseException(@ForAll("bodies") byte[] body) {
        try {
            PresenceDocument d = PidfParser.parse(body);
            String text = d.toString();
            assertTrue(!text.contains("root:"), "no external entity was read");
            assertTrue(text.length() < 64 * 1024 + 10 * body.length, "no entity expansion");
        } catch (PidfParseException e) {
            assertTrue(e.getMessage() != null);
        }
    }

    /**
     * A publication keeps only its document; a refresh's store row is that document rendered again, read back after
     * a restart (Publication#toRow): whatever the parser takes must come back the same through the renderer.
     */
    @Property
    void anyParsedBody_renderedAndParsedAgain_sameDocument(@ForAll("bodies") byte[] body) throws Exception {
        PresenceDocument d;
        try {
            d = PidfParser.parse(body);
        } catch (PidfParseException e) {
            return;
        }
        assertEquals(d, PidfParser.parse(RENDERER.render(d, "sip:bob@reg.example")));
    }

    @Example
    void corpus_hostileSeedsRefused_goodSeedsParsed() throws Exception {
        List<byte[]> corpus = Mutations.corpus(PidfFuzzTest.class, "/fuzz/pidf");
        for (byte[] seed : corpus) {
            String text = new String(seed, StandardCharsets.UTF_8);
            try {
                PresenceDocument d = PidfParser.parse(seed);
                assertTrue(!text.contains("<!DOCTYPE"), "a DOCTYPE is refused");
                assertEquals(d, PidfParser.parse(RENDERER.render(d, "sip:bob@reg.example")), "rendered again");
            } catch (PidfParseException e) {
                assertTrue(text.contains("<!DOCTYPE"), "a good seed parses: " + e.getMessage());
            }
        }
    }
}
