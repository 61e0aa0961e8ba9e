package org.presencegw.gateway.jabber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.api.SipAddress;

/** CONFORMANCE.md MAP rows (RFC 7247 section 6). */
class AddressMapperTest {
    private final AddressMapper mapper = new AddressMapper(JidCreate.domainBareFromOrThrowUnchecked("xmpp.example"));

    private String jidOf(String sipUri) {
        return mapper.toJid(SipAddress.parse(sipUri)).orElseThrow().toString();
    }

    @Test
    @DisplayName("MAP-01")
    void toJid_percentEncodedUtf8_isDecoded() { // MAP-01
        assertEquals("f\u00fc@xmpp.example", jidOf("sip:f%C3%BC@jabber.example"));
    }

    @Test
    @DisplayName("MAP-02")
    void toJid_apostropheAmpersandSlash_areXep0106Escaped() { // MAP-02
        assertEquals("o\\27malley@xmpp.example", jidOf("sip:o'malley@jabber.example"));
        assertEquals("a\\26b@xmpp.example", jidOf("sip:a&b@jabber.example"));
        assertEquals("a\\2fb@xmpp.example", jidOf("sip:a%2Fb@jabber.example"));
    }

    @Test
    @DisplayName("MAP-03")
    void toJid_atAndSpace_areEscapedNeverRaw() { // MAP-03
        assertEquals("a\\40b@xmpp.example", jidOf("sip:a%40b@jabber.example"));
        assertEquals("a\\20b@xmpp.example", jidOf("sip:a%20b@jabber.example"));
    }

    @Test
    @DisplayName("MAP-07")
    void toJid_upperCaseUser_isNodeprepped() { // MAP-07 (documented choice: JIDs are case-insensitive)
        assertEquals("alice@xmpp.example", jidOf("sip:Alice@jabber.example"));
    }

    @Test
    void toJid_controlCharacter_isNotAJid() {
        assertTrue(mapper.toJid(SipAddress.parse("sip:a%07b@jabber.example")).isEmpty());
    }

    @Test
    void toJid_controlCharacterAfterANonBmpCharacter_isNotAJid() {
        assertTrue(mapper.toJid(SipAddress.parse("sip:%F0%9F%98%80%C2%85@jabber.example")).isEmpty()); // U+0085
        assertTrue(mapper.toJid(SipAddress.parse("sip:%F0%9F%98%80x@jabber.example")).isPresent());
    }

    @Test
    void toJid_localpartOver1023Bytes_isNotAJid() { // RFC 7622 3.3.1, counted in UTF-8 bytes, not chars
        assertTrue(mapper.toJid(SipAddress.of("a".repeat(1023), "jabber.example")).isPresent());
        assertTrue(mapper.toJid(SipAddress.of("a".repeat(1024), "jabber.example")).isEmpty());
        assertTrue(mapper.toJid(SipAddress.of("\u00e9".repeat(341) + "a", "jabber.example")).isPresent()); // 683
        assertTrue(mapper.toJid(SipAddress.of("\u00e9".repeat(512), "jabber.example")).isEmpty()); // 1024 bytes
        assertTrue(mapper.toJid(SipAddress.of("\u20ac".repeat(342), "jabber.example")).isEmpty()); // 1026 bytes
        assertTrue(mapper.toJid(SipAddress.of("\u20ac".repeat(341), "jabber.example")).isPresent()); // 1023
    }

    @Test
    @DisplayName("MAP-05, MAP-06")
    void toSip_escapedLocalpart_isUnescapedAndPercentEncoded() { // MAP-05, MAP-06
        assertEquals("sip:m&m@jabber.example",
                mapper.toSip(JidCreate.bareFromOrThrowUnchecked("m\\26m@xmpp.example"), "jabber.example").uri());
        assertEquals("sip:tsch%C3%BCss@jabber.example",
                mapper.toSip(JidCreate.bareFromOrThrowUnchecked("tsch\u00fcss@xmpp.example"), "jabber.example").uri());
        assertEquals("sip:o'malley@jabber.example",
                mapper.toSip(JidCreate.bareFromOrThrowUnchecked("o\\27malley@xmpp.example"), "jabber.example").uri());
    }

    @Test
    @DisplayName("MAP-07")
    void roundTrip_rfcExamples_areStable() { // MAP-07
        for (String uri : new String[] {"sip:f%C3%BC@jabber.example", "sip:o'malley@jabber.example",
                "sip:m&m@jabber.example", "sip:tsch%C3%BCss@jabber.example"}) {
            SipAddress sip = SipAddress.parse(uri);
            assertEquals(uri, mapper.toSip(mapper.toJid(sip).orElseThrow(), "jabber.example").uri());
        }
    }

    @Test
    @DisplayName("MAP-04")
    void gr_isKeptOnTheSipAddress() { // MAP-04: the resource is selected by the source, not the JID
        SipAddress sip = SipAddress.parse("sip:foo@jabber.example;gr=bar");
        assertEquals("bar", sip.gr().orElseThrow());
        assertEquals("foo@xmpp.example", mapper.toJid(sip).orElseThrow().toString());
    }
}
