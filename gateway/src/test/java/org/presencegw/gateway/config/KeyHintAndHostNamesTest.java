package org.presencegw.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHintAndHostNamesTest {
    private static final Set<String> SIP_KEYS = Set.of("listen", "port", "transports", "default_expires",
            "min_expires", "max_expires");

    @Test
    void suggest_transposedLetters_hintsKey() {
        assertEquals(" (did you mean 'listen'?)", KeyHint.suggest("lsiten", SIP_KEYS));
    }

    @Test
    void suggest_hyphenInsteadOfUnderscore_hintsKey() {
        assertEquals(" (did you mean 'default_expires'?)", KeyHint.suggest("default-expires", SIP_KEYS));
    }

    @Test
    void suggest_unrelatedWord_noHint() {
        assertEquals("", KeyHint.suggest("colour", SIP_KEYS));
    }

    @Test
    void isHostName_validAndInvalidNames_classified() {
        assertTrue(HostNames.isHostName("sip.example.com"));
        assertTrue(HostNames.isHostName("localhost"));
        assertTrue(HostNames.isHostName("10.0.0.1"));
        assertFalse(HostNames.isHostName("10.0.0.256"));
        assertFalse(HostNames.isHostName("-bad.example.com"));
        assertFalse(HostNames.isHostName("a..b"));
        assertFalse(HostNames.isHostName("a b"));
        assertFalse(HostNames.isHostName(""));
    }

    @Test
    void isIpLiteral_ipv4AndIpv6_acceptedWithoutLookup() {
        assertTrue(HostNames.isIpLiteral("127.0.0.1"));
        assertTrue(HostNames.isIpLiteral("::1"));
        assertTrue(HostNames.isIpLiteral("[2001:db8::1]"));
        assertFalse(HostNames.isIpLiteral("1:2:3"));
        assertFalse(HostNames.isIpLiteral("example.com"));
    }
}
