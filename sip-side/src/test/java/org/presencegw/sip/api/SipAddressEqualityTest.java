package org.presencegw.sip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link SipAddress#equals} and {@link SipAddress#hashCode}, written out: the record's contract, all four parts. */
class SipAddressEqualityTest {

    @Test
    void equalParts_equalAddressesAndHashes_fromAnyText() {
        SipAddress a = SipAddress.parse("sip:bob@Example.COM;gr=desk");
        SipAddress b = new SipAddress(new String("sip".toCharArray()), new String("bob".toCharArray()),
                "example.com", Optional.of(new String("desk".toCharArray())));
        assertEquals(a, b);
        assertEquals(b, a);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(SipAddress.parse("sip:bob@example.com"), SipAddress.of("bob", "example.com"));
    }

    @Test
    void anyPartDifferent_notEqual() {
        SipAddress a = SipAddress.parse("sip:bob@example.com;gr=desk");
        for (SipAddress other : List.of(SipAddress.parse("sips:bob@example.com;gr=desk"),
                SipAddress.parse("sip:Bob@example.com;gr=desk"), SipAddress.parse("sip:bob@example.org;gr=desk"),
                SipAddress.parse("sip:bob@example.com;gr=phone"), SipAddress.parse("sip:bob@example.com"))) {
            assertNotEquals(a, other, other.toString());
            assertNotEquals(other, a, other.toString());
        }
        assertNotEquals(a, "sip:bob@example.com;gr=desk");
        assertNotEquals(a, null);
    }
}
