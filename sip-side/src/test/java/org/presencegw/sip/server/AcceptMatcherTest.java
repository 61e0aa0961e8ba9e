package org.presencegw.sip.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CONFORMANCE PRS-02, SUB-15. */
class AcceptMatcherTest {

    @Test
    void acceptsPidf_noAccept_true() {
        assertTrue(AcceptMatcher.acceptsPidf(List.of()));
    }

    @Test
    void acceptsPidf_exactAmongOthers_true() {
        assertTrue(AcceptMatcher.acceptsPidf(List.of("application/rlmi+xml", "Application/PIDF+XML")));
    }

    @Test
    void acceptsPidf_wildcards_true() {
        assertTrue(AcceptMatcher.acceptsPidf(List.of("application/*")));
        assertTrue(AcceptMatcher.acceptsPidf(List.of("*/*")));
    }

    @Test
    void acceptsPidf_textPlainOnly_false() {
        assertFalse(AcceptMatcher.acceptsPidf(List.of("text/plain")));
    }

    @Test
    void acceptsPidf_qZero_false() {
        assertFalse(AcceptMatcher.acceptsPidf(List.of("application/pidf+xml;q=0")));
        assertTrue(AcceptMatcher.acceptsPidf(List.of("application/pidf+xml;q=0.5")));
    }
}
