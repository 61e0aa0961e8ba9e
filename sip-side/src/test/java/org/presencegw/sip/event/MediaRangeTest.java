package org.presencegw.sip.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** CONFORMANCE PRS-02, SUB-15: Accept negotiation, in the watcher's order of preference. */
class MediaRangeTest {

    private static final String PIDF = "application/pidf+xml";
    private static final String CPIM = "application/cpim-pidf+xml";
    private static final List<String> PRESENCE = List.of(PIDF);

    private static Optional<String> choose(List<String> offered, String... ranges) {
        return MediaRange.choose(List.of(ranges).stream().map(MediaRange::parse).toList(), offered);
    }

    @Test
    void choose_noAccept_defaultType() {
        assertEquals(Optional.of(PIDF), MediaRange.choose(List.of(), PRESENCE));
    }

    @Test
    @DisplayName("SUB-14")
    void choose_exactAmongOthers_caseInsensitive() {
        assertEquals(Optional.of(PIDF), choose(PRESENCE, "application/rlmi+xml", "Application/PIDF+XML"));
    }

    @Test
    void choose_wildcards_match() {
        assertEquals(Optional.of(PIDF), choose(PRESENCE, "application/*"));
        assertEquals(Optional.of(PIDF), choose(PRESENCE, "*/*"));
    }

    @Test
    @DisplayName("SUB-15")
    void choose_textPlainOnly_none() {
        assertEquals(Optional.empty(), choose(PRESENCE, "text/plain"));
    }

    @Test
    void choose_qZero_notAcceptable() {
        assertEquals(Optional.empty(), choose(PRESENCE, "application/pidf+xml;q=0"));
        assertEquals(Optional.of(PIDF), choose(PRESENCE, "application/pidf+xml;q=0.5"));
        assertEquals(Optional.empty(), choose(PRESENCE, "application/*", "application/pidf+xml;q=0"));
    }

    @Test
    void choose_watcherPreferenceWins_overServerOrder() {
        assertEquals(Optional.of(CPIM), choose(List.of(PIDF, CPIM), CPIM, PIDF));
        assertEquals(Optional.of(PIDF), choose(List.of(PIDF, CPIM), "application/cpim-pidf+xml;q=0.4", PIDF));
    }

    @Test
    void choose_emptyAcceptHeader_nothing() {
        assertEquals(Optional.empty(), MediaRange.choose(List.of(MediaRange.NOTHING), PRESENCE));
    }

    @Test
    void parse_noSlash_refused() {
        assertThrows(IllegalArgumentException.class, () -> MediaRange.parse("pidf"));
    }

    @Test
    void parse_badQ_countsAsOne() {
        assertEquals(1.0, MediaRange.parse("application/pidf+xml;q=x").q());
    }
}
