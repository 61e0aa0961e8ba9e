package org.presencegw.sip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedNetworksTest {

    @Test
    void cidrs_v4AndV6_matchInsideOnly() {
        TrustedNetworks t = TrustedNetworks.parse(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));
        assertTrue(t.contains("10.1.2.3"));
        assertFalse(t.contains("11.0.0.1"));
        assertTrue(t.contains("192.0.2.7"));
        assertFalse(t.contains("192.0.2.8"));
        assertTrue(t.contains("2001:db8::1"));
        assertTrue(t.contains("[2001:db8:ffff::9]"));
        assertFalse(t.contains("2001:db9::1"));
        assertFalse(t.contains("example.com"), "never a DNS lookup");
        assertEquals(List.of("10.0.0.0/8", "192.0.2.7/32", "2001:db8:0:0:0:0:0:0/32"), t.cidrs());
    }

    @Test
    void hostBitsSet_normalised() {
        assertTrue(TrustedNetworks.parse(List.of("10.9.9.9/8")).contains("10.0.0.1"));
    }

    @Test
    void badEntries_oneLineReason() {
        assertThrows(IllegalArgumentException.class, () -> TrustedNetworks.parse(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> TrustedNetworks.parse(List.of("proxy.example.com")));
        assertThrows(IllegalArgumentException.class, () -> TrustedNetworks.parse(List.of("300.1.1.1")));
        assertThrows(IllegalArgumentException.class, () -> TrustedNetworks.parse(List.of("10.0.0.0/x")));
    }

    @Test
    void none_trustsNobody() {
        assertFalse(TrustedNetworks.NONE.contains("127.0.0.1"));
    }
}
