package org.presencegw.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {
    private static final String TOKEN = "0123456789abcdef-token";

    @Test
    void admits_rightToken_anyCaseOfScheme() {
        BearerToken t = new BearerToken(Optional.of(TOKEN));
        assertTrue(t.required());
        assertTrue(t.admits("Bearer " + TOKEN));
        assertTrue(t.admits("bearer " + TOKEN));
        assertTrue(t.admits("BEARER  " + TOKEN + " "));
    }

    @Test
    void admits_wrongOrMissing_refused() {
        BearerToken t = new BearerToken(Optional.of(TOKEN));
        assertFalse(t.admits(null));
        assertFalse(t.admits(""));
        assertFalse(t.admits("Bearer"));
        assertFalse(t.admits("Bearer "));
        assertFalse(t.admits("Bearer " + TOKEN + "x"));
        assertFalse(t.admits("Bearer " + TOKEN.substring(1)));
        assertFalse(t.admits("Basic " + TOKEN));
        assertFalse(t.admits(TOKEN));
    }

    @Test
    void admits_noTokenConfigured_everything() {
        BearerToken t = new BearerToken(Optional.empty());
        assertFalse(t.required());
        assertTrue(t.admits(null));
        assertTrue(t.admits("Bearer whatever"));
    }
}
