package org.presencegw.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

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
        ResourcePresence read = PresenceReader.read(Stanzas.from("bob@x/r1", ""), "r1", NOW);
        assertEquals(Show.AVAILABLE, read.show());
        assertEquals(0, read.priority());
        assertEquals(List.of(), read.statuses());
        assertEquals(Optional.empty(), read.lang());
    }

    @Test
    @DisplayName("XMPP-04")
    void show_everyRfcValue_mapped() {
        assertEquals(Show.CHAT, PresenceReader.read(Stanzas.from("b@x/r", "<show>chat</show>"), "r", NOW).show());
        assertEquals(Show.AWAY, PresenceReader.read(Stanzas.from("b@x/r", "<show>away</show>"), "r", NOW).show());
        assertEquals(Show.XA, PresenceReader.read(Stanzas.from("b@x/r", "<show>xa</show>"), "r", NOW).show());
        assertEquals(Show.DND, PresenceReader.read(Stanzas.from("b@x/r", "<show>dnd</show>"), "r", NOW).show());
    }

    @Test
    @DisplayName("XMPP-05")
    void priority_negativeAndExtremes_kept() {
        assertEquals(-128, PresenceReader.read(Stanzas.from("b@x/r", "<priority>-128</priority>"), "r", NOW)
                .priority());
        assertEquals(127, PresenceReader.read(Stanzas.from("b@x/r", "<priority>127</priority>"), "r", NOW)
                .priority());
        assertEquals(127, PresenceReader.clampPriority(200));
        assertEquals(-128, PresenceReader.clampPriority(-1000));
    }

    /** Smack 4.4.8 limits, pinned so that an upgrade that lifts them is noticed. */
    @Test
    @DisplayName("XMPP-04")
    void smack448_invalidShowOrPriority_stanzaRejectedByParser() {
        assertThrows(IllegalArgumentException.class, () -> Stanzas.from("b@x/r", "<show>busy</show>"));
        assertThrows(IllegalArgumentException.class, () -> Stanzas.from("b@x/r", "<priority>200</priority>"));
    }

    @Test
    @DisplayName("XMPP-06, XP-07")
    void smack448_twoStatuses_lastOneKeptWithStanzaLang() {
        ResourcePresence read = PresenceReader.read(Stanzas.presence(
                "<presence xmlns='jabber:client' from='b@x/r' xml:lang='en'><status>Hi</status>"
                        + "<status xml:lang='de'>Hallo</status></presence>"), "r", NOW);
        assertEquals(1, read.statuses().size());
    }
}
