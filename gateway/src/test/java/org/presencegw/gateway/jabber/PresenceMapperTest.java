package org.presencegw.gateway.jabber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.presencegw.sip.pidf.PidfRenderer;
import org.presencegw.xmpp.ResourcePresence;
import org.presencegw.xmpp.Show;
import org.presencegw.xmpp.StatusText;

/** CONFORMANCE.md XP rows (RFC 8048 section 6.2) and the A3 show-to-RPID convention. */
class PresenceMapperTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static ResourcePresence res(String name, Show show, int priority, String... statuses) {
        List<StatusText> st = java.util.Arrays.stream(statuses).map(s -> new StatusText(s, Optional.empty())).toList();
        return new ResourcePresence(name, show, st, priority, Optional.empty(), T0);
    }

    @Test
    @DisplayName("XP-01")
    void map_availableResource_isOpenTupleWithResourceId() { // XP-01, XP-04
        PresenceDocument doc = PresenceMapper.map(List.of(res("desk", Show.AVAILABLE, 0)));
        PresenceTuple t = doc.tuples().get(0);
        assertEquals("ID-desk", t.id());
        assertEquals(Basic.OPEN, t.basic());
        assertTrue(t.xmppShow().isEmpty());
        assertTrue(doc.person().isEmpty());
        assertEquals(Optional.of(T0), t.timestamp());
    }

    @Test
    @DisplayName("XP-02")
    void map_noResources_isOneClosedTupleNeverEmpty() { // XP-02
        PresenceDocument doc = PresenceMapper.map(List.of());
        assertEquals(1, doc.tuples().size());
        assertEquals(Basic.CLOSED, doc.tuples().get(0).basic());
    }

    @Test
    @DisplayName("XP-05")
    void map_show_isEmbeddedAndGivesRpidActivity() { // XP-05, XP-06
        PresenceDocument away = PresenceMapper.map(List.of(res("r", Show.AWAY, 0, "lunch")));
        assertEquals(Optional.of("away"), away.tuples().get(0).xmppShow());
        assertEquals(Set.of(Activity.AWAY), away.person().orElseThrow().activities());
        PresenceDocument xa = PresenceMapper.map(List.of(res("r", Show.XA, 0)));
        assertEquals(Set.of(Activity.AWAY), xa.person().orElseThrow().activities());
        PresenceDocument dnd = PresenceMapper.map(List.of(res("r", Show.DND, 0)));
        assertEquals(Optional.of("dnd"), dnd.tuples().get(0).xmppShow());
        assertEquals(Set.of(Activity.BUSY), dnd.person().orElseThrow().activities());
        PresenceDocument chat = PresenceMapper.map(List.of(res("r", Show.CHAT, 0)));
        assertEquals(Optional.of("chat"), chat.tuples().get(0).xmppShow());
        assertTrue(chat.person().isEmpty());
    }

    @Test
    @DisplayName("XP-07")
    void map_statusWithLang_isNoteWithLang() { // XP-07
        ResourcePresence r = new ResourcePresence("r", Show.AWAY,
                List.of(new StatusText("Mittag", Optional.of("de")), new StatusText("Lunch", Optional.empty())), 0,
                Optional.of("en"), T0);
        PresenceTuple t = PresenceMapper.map(List.of(r)).tuples().get(0);
        assertEquals(List.of(new Note("Mittag", Optional.of("de")), new Note("Lunch", Optional.of("en"))), t.notes());
    }

    @Test
    @DisplayName("XP-08")
    void priority_mapsPerRfc8048Note6() { // XP-08
        assertTrue(PresenceMapper.priority(-1).isEmpty());
        assertEquals("0", PresenceMapper.priority(0).orElseThrow().toPlainString());
        assertEquals("1", PresenceMapper.priority(127).orElseThrow().toPlainString());
        assertEquals("0.007", PresenceMapper.priority(1).orElseThrow().toPlainString());
        assertEquals("0.015", PresenceMapper.priority(2).orElseThrow().toPlainString());
        assertEquals("0.992", PresenceMapper.priority(126).orElseThrow().toPlainString());
        Set<BigDecimal> seen = new HashSet<>();
        for (int p = 0; p <= 127; p++) {
            BigDecimal v = PresenceMapper.priority(p).orElseThrow();
            assertTrue(v.scale() <= 3 && v.compareTo(BigDecimal.ZERO) >= 0 && v.compareTo(BigDecimal.ONE) <= 0);
            assertTrue(seen.add(v), "unique for " + p);
        }
    }

    @Test
    @DisplayName("XP-08")
    void map_withContact_eachTupleHasXmppContactUriWithPriority_renderedInPidf() { // XP-08
        BareJid bob = JidCreate.bareFromOrThrowUnchecked("o\\27malley@jabber.test");
        PresenceDocument doc = PresenceMapper.map(bob, List.of(res("desk 1", Show.AVAILABLE, 5),
                res("phone", Show.AWAY, -1)));
        PresenceTuple desk = doc.tuples().get(0);
        assertEquals(Optional.of("xmpp:o%5C27malley@jabber.test/desk%201"), desk.contact());
        assertEquals(Optional.of(new BigDecimal("0.039")), desk.priority());
        assertEquals(Optional.empty(), doc.tuples().get(1).priority(), "negative: not mapped (note 6)");
        String pidf = new String(new PidfRenderer().render(doc, "sip:o'malley@jabber.test"), StandardCharsets.UTF_8);
        assertTrue(pidf.contains("<contact priority=\"0.039\">xmpp:o%5C27malley@jabber.test/desk%201</contact>"),
                pidf);
        assertTrue(pidf.contains("<contact>xmpp:o%5C27malley@jabber.test/phone</contact>"), pidf);
    }

    @Test
    @DisplayName("XP-09, XP-10")
    void map_twoResources_fullStateMostAvailableFirst() { // XP-09, XP-10
        PresenceDocument doc = PresenceMapper.map(List.of(res("phone", Show.AWAY, 0), res("desk", Show.AVAILABLE, 0)));
        assertEquals(List.of("ID-desk", "ID-phone"), doc.tuples().stream().map(PresenceTuple::id).toList());
        assertTrue(doc.person().isEmpty(), "available wins over away: no activity");
        PresenceDocument busy = PresenceMapper.map(List.of(res("a", Show.DND, 5), res("b", Show.AVAILABLE, 0)));
        assertEquals(Set.of(Activity.BUSY), busy.person().orElseThrow().activities(), "higher priority wins");
    }

    @Test
    @DisplayName("PIDF-04, XP-04")
    void tupleId_invalidXsIdCharacters_areEscapedUniquely() { // XP-04
        assertEquals("ID-42phone", PresenceMapper.tupleId("42phone"));
        assertEquals("ID-my_20_phone", PresenceMapper.tupleId("my phone"));
        assertEquals("ID-a_2f_b", PresenceMapper.tupleId("a/b"));
        assertTrue(!PresenceMapper.tupleId("a_20_").equals(PresenceMapper.tupleId("a ")));
        assertTrue(PresenceMapper.tupleId("caf\u00e9 \u2603").matches("[A-Za-z_][\\w.-]*"));
    }
}
