package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 6121 4.7 as read through {@link PresenceRepair}; CONFORMANCE XMPP-04, XMPP-05, XMPP-06, XP-07. */
class PresenceReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static ResourcePresence read(String body) {
        return PresenceReader.read(Stanzas.from("b@x/r", body), "r", NOW);
    }

    @Test
    void read_rfc6121Example_showStatusPriorityLang() {
        // RFC 6121 4.7.2 style: juliet's detailed presence
        ResourcePresence read = PresenceReader.read(Stanzas.presence(
                "<presence xmlns='jabber:client' from='juliet@example.com/balcony' xml:lang='en'>"
                        + "<show>dnd</show><status>Wooing Romeo</status><priority>1</priority></presence>"),
                "balcony", NOW);
        assertEquals(new ResourcePresence("balcony", Show.DND, List.of(new StatusText("Wooing Romeo",
                Optional.of("en"))), 1, Optional.of("en"), NOW), read);
    }

    @Test
    @DisplayName("XMPP-04, XMPP-05")
    void read_noShowNoPriority_availableAndZero() {
        ResourcePresence read = read("");
        assertEquals(Show.AVAILABLE, read.show());
        assertEquals(0, read.priority());
        assertEquals(List.of(), read.statuses());
        assertEquals(Optional.empty(), read.lang());
    }

    @Test
    @DisplayName("XMPP-04")
    void show_everyRfcValue_mapped() {
        assertEquals(Show.CHAT, read("<show>chat</show>").show());
        assertEquals(Show.AWAY, read("<show>away</show>").show());
        assertEquals(Show.XA, read("<show>xa</show>").show());
        assertEquals(Show.DND, read("<show>dnd</show>").show());
    }

    @Test
    @DisplayName("XMPP-05")
    void priority_negativeAndExtremes_kept() {
        assertEquals(-128, read("<priority>-128</priority>").priority());
        assertEquals(127, read("<priority>127</priority>").priority());
        assertEquals(127, PresenceReader.clampPriority(200));
        assertEquals(-128, PresenceReader.clampPriority(-1000));
    }

    @Test
    @DisplayName("XMPP-04")
    void invalidShow_readAsNoShow_restOfStanzaKept() { // XMPP-04
        ResourcePresence read = read("<show>bogus</show><status>s1</status><priority>5</priority>");
        assertEquals(Show.AVAILABLE, read.show());
        assertEquals("s1", read.statuses().get(0).text());
        assertEquals(5, read.priority());
    }

    @Test
    @DisplayName("XMPP-05")
    void priorityOutOfRange_clamped_notANumber_zero_restKept() { // XMPP-05
        ResourcePresence high = read("<show>away</show><priority>300</priority><status>s2</status>");
        assertEquals(127, high.priority());
        assertEquals(Show.AWAY, high.show());
        assertEquals("s2", high.statuses().get(0).text());
        assertEquals(-128, read("<priority>-99999</priority>").priority());
        ResourcePresence word = read("<priority>high</priority><status>s3</status>");
        assertEquals(0, word.priority());
        assertEquals("s3", word.statuses().get(0).text());
    }

    @Test
    @DisplayName("XMPP-06, XP-07")
    void severalStatuses_eachWithItsLanguage_inStanzaOrder() { // XMPP-06, XP-07
        ResourcePresence read = PresenceReader.read(Stanzas.presence(
                "<presence xmlns='jabber:client' from='b@x/r' xml:lang='en'><status>Hi</status>"
                        + "<status xml:lang='de'>Hallo &amp; tsch\u00fcss</status></presence>"), "r", NOW);
        assertEquals(List.of(new StatusText("Hi", Optional.of("en")),
                new StatusText("Hallo & tsch\u00fcss", Optional.of("de"))), read.statuses());
    }

    @Test
    void statusesElementFromTheNetwork_ignored() {
        ResourcePresence read = read("<status>real</status><statuses xmlns='urn:x-presencegw:statuses'>"
                + "<status>forged</status></statuses>");
        assertEquals(List.of("real"), read.statuses().stream().map(StatusText::text).toList());
    }

    /** Smack 4.4.8 limits without the repair, pinned so that an upgrade that lifts them is noticed. */
    @Test
    @DisplayName("XMPP-04")
    void smack448_invalidShowOrPriority_stanzaRejectedByParser() {
        assertThrows(IllegalArgumentException.class,
                () -> Stanzas.rawSmack("<presence xmlns='jabber:client' from='b@x/r'><show>busy</show></presence>"));
        assertThrows(IllegalArgumentException.class, () -> Stanzas.rawSmack(
                "<presence xmlns='jabber:client' from='b@x/r'><priority>200</priority></presence>"));
    }

    @Test
    void smack448_twoStatuses_lastOneKept() {
        String status = Stanzas.rawSmack("<presence xmlns='jabber:client' from='b@x/r' xml:lang='en'>"
                + "<status>Hi</status><status xml:lang='de'>Hallo</status></presence>").getStatus();
        assertEquals("Hallo", status);
    }
}
