package org.presencegw.sip.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link SipAddress#withSharedUser}: an equal address, its user part shared, the same address when asked again. */
class SipAddressSharedTest {

    @Property(tries = 3000)
    void alwaysEqual_userShared(@ForAll @IntRange(min = 0, max = 20000) int n, @ForAll boolean gr,
                                @ForAll boolean sips) {
        // more distinct addresses than slots, so that slots are reused and collide
        SipAddress a = new SipAddress(sips ? "sips" : "sip", "user" + n, "example.com",
                gr ? Optional.of("g" + (n % 3)) : Optional.empty());
        SipAddress shared = a.withSharedUser();
        assertEquals(a, shared);
        assertSame(a.user().intern(), shared.user());
    }

    @Example
    void askedAgain_sameInstance() {
        SipAddress first = SipAddress.parse("sip:shared-bob@jabber.example").withSharedUser();
        assertSame(first, SipAddress.parse("<sip:shared-bob@JABBER.example:5060>").withSharedUser());
        assertNotEquals(first, SipAddress.parse("sip:shared-bob@jabber.example;gr=desk").withSharedUser());
        assertNotEquals(first, SipAddress.parse("sips:shared-bob@jabber.example").withSharedUser());
        SipAddress longUser = SipAddress.of("x".repeat(SharedStrings.MAX_LENGTH + 1), "jabber.example");
        assertEquals(longUser, longUser.withSharedUser());
    }
}
