package org.presencegw.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 3261 section 19.1.4 URI comparison, using the RFC's own equal and unequal pairs. */
class ContactUriTest {

    private static boolean same(String a, String b) {
        boolean forward = new ContactUri(a).sameAs(new ContactUri(b));
        assertEquals(forward, new ContactUri(b).sameAs(new ContactUri(a)), "comparison must be symmetric");
        return forward;
    }

    @Test
    void sameAs_rfcEquivalentPairs_true() {
        assertTrue(same("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));
        assertTrue(same("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
        assertTrue(same("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"));
        assertTrue(same("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));
        assertTrue(same("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
    }

    @Test
    void sameAs_rfcNonEquivalentPairs_false() {
        assertFalse(same("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
        assertFalse(same("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
        assertFalse(same("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
        assertFalse(same("sip:bob@biloxi.com", "sips:bob@biloxi.com"));
        assertFalse(same("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
        assertFalse(same("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
        assertFalse(same("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
    }

    @Test
    void new_notAnAbsoluteUriOrBadSipUri_rejected() {
        for (String bad : List.of("bob@host", ":x", "sip:bob@", "sip:bob@host:99999", "sip:bob@ho st")) {
            assertThrows(IllegalArgumentException.class, () -> new ContactUri(bad), bad);
        }
    }

    @Test
    @DisplayName("TORT-03")
    void sameAs_semicolonEscapedInUser_userNotTakenForParams() {
        assertTrue(same("sip:user;par=u%40example.net@example.com", "sip:user;par=u%40example.net@EXAMPLE.com"));
        assertFalse(same("sip:user;par=u%40example.net@example.com", "sip:user@example.com"));
    }

    @Test
    void splitElements_commaInsideQuotesOrBrackets_notASeparator() {
        assertEquals(List.of("\"a, b\" <sip:x@y>", " <sip:z@w;p=1,2>"),
                NameAddr.splitElements("\"a, b\" <sip:x@y>, <sip:z@w;p=1,2>"));
    }

    @Test
    void parseNameAddr_quotedDisplayAndParams_read() {
        NameAddr n = NameAddr.parse("\"Bob \\\"B\\\"\" <sip:bob@x>;Expires=60;q=0.1");
        assertEquals(Optional.of("Bob \"B\""), n.displayName());
        assertEquals("sip:bob@x", n.uri());
        assertEquals(Optional.of("60"), n.param("expires"));
    }

    @Test
    void parseNameAddr_malformed_rejected() {
        for (String bad : List.of("<sip:x@y", "<sip:x@y> junk", "sip:x@y;;a", "<sip:x@y>;a;a", "\"x <sip:x@y>")) {
            assertThrows(IllegalArgumentException.class, () -> NameAddr.parse(bad), bad);
        }
    }
}
