package org.presencegw.sip.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.presencegw.sip.publish.PidfExamples.bytes;
import static org.presencegw.sip.publish.PidfExamples.withTuple;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;

class PidfParserTest {

    private static final String OPEN = "<status><basic>open</basic></status>";

    @Test
    void parse_rfc3863Example_tuplesContactsNotesTimestamp() throws PidfParseException {
        PresenceDocument d = PidfParser.parse(bytes(PidfExamples.RFC3863));
        PresenceTuple first = new PresenceTuple("bs35r9", Basic.OPEN, Optional.empty(),
                Optional.of("im:someone@mobilecarrier.net"), Optional.of(new BigDecimal("0.8")),
                List.of(new Note("Don't Disturb Please!", Optional.of("en")),
                        new Note("Ne derangez pas, s'il vous plait", Optional.of("fr"))),
                Optional.of(Instant.parse("2001-10-27T16:49:29Z")));
        PresenceTuple second = new PresenceTuple("eg92n8", Basic.OPEN, Optional.empty(),
                Optional.of("mailto:someone@example.com"), Optional.of(new BigDecimal("1.0")), List.of(),
                Optional.empty());
        assertEquals(new PresenceDocument(List.of(first, second), Optional.empty()), d);
    }

    @Test
    void parse_rfc4480Example_personActivityAndTuple() throws PidfParseException {
        PresenceDocument d = PidfParser.parse(bytes(PidfExamples.RFC4480));
        assertEquals(Optional.of(new Person("p1", Set.of(Activity.AWAY), List.of())), d.person());
        assertEquals(1, d.tuples().size());
        assertEquals(Optional.of(Instant.parse("2005-10-27T16:49:29Z")), d.tuples().get(0).timestamp());
    }

    @Test
    void parse_rpidBusyOnThePhoneUnknownAndPersonNote_mapped() throws PidfParseException {
        PresenceDocument d = PidfParser.parse(bytes("""
                <presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:dm='urn:ietf:params:xml:ns:pidf:data-model'
                    xmlns:rpid='urn:ietf:params:xml:ns:pidf:rpid' xmlns:x='urn:x' xml:lang='de' entity='sip:b@r'>
                  <tuple id='t1'><status><basic>closed</basic></status></tuple>
                  <dm:person id='me'>
                    <rpid:activities><rpid:busy/><rpid:on-the-phone/><rpid:juggling/><x:surfing/></rpid:activities>
                    <dm:note>Besprechung</dm:note>
                    <dm:note xml:lang='en'>Meeting</dm:note>
                  </dm:person>
                </presence>
                """));
        Person p = d.person().orElseThrow();
        assertEquals(Set.of(Activity.BUSY, Activity.ON_THE_PHONE, Activity.OTHER), p.activities());
        assertEquals(List.of(new Note("Besprechung", Optional.of("de")), new Note("Meeting", Optional.of("en"))),
                p.notes());
    }

    @Test
    void parse_jabberShowInStatus_read() throws PidfParseException {
        PresenceDocument d = PidfParser.parse(withTuple(
                "<status><basic>open</basic><show xmlns='jabber:client'>away</show></status>"));
        assertEquals(Optional.of("away"), d.tuples().get(0).xmppShow());
    }

    @Test
    @DisplayName("PIDF-11")
    void parse_unknownStatusExtension_ignored() throws PidfParseException {
        PresenceDocument d = PidfParser.parse(withTuple(
                "<status><basic>open</basic><x:foo xmlns:x='urn:x'><x:deep/></x:foo></status>"));
        assertEquals(Basic.OPEN, d.tuples().get(0).basic());
    }

    @Test
    @DisplayName("PIDF-11")
    void parse_unknownExtensionMustUnderstand_rejected() {
        for (String attr : List.of("mustUnderstand='true'", "mustUnderstand='1'",
                "p:mustUnderstand='true' xmlns:p='urn:ietf:params:xml:ns:pidf'")) {
            byte[] doc = withTuple("<status><basic>open</basic><x:foo xmlns:x='urn:x' " + attr + "/></status>");
            PidfParseException e = assertThrows(PidfParseException.class, () -> PidfParser.parse(doc), attr);
            assertTrue(e.getMessage().contains("mustUnderstand"), e.getMessage());
        }
    }

    @Test
    @DisplayName("PIDF-04, PIDF-07")
    void parse_invalidTupleContent_rejectedWithReason() {
        List<byte[]> bad = List.of(
                withTuple("<status><basic>maybe</basic></status>"),
                withTuple("<status><x xmlns='urn:x'/></status>"),
                withTuple(OPEN + "<contact priority='1.5'>sip:x@y</contact>"),
                withTuple(OPEN + "<contact priority='0.1234'>sip:x@y</contact>"),
                withTuple(OPEN + "<timestamp>yesterday</timestamp>"),
                withTuple(OPEN + "<note>a<b/>c</note>"),
                bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple>" + OPEN + "</tuple></presence>"),
                bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple id='1a'>" + OPEN + "</tuple></presence>"),
                bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple id='a'>" + OPEN + "</tuple><tuple id='a'>"
                        + OPEN + "</tuple></presence>"),
                bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf'/>"));
        for (byte[] doc : bad) {
            assertThrows(PidfParseException.class, () -> PidfParser.parse(doc),
                    new String(doc, StandardCharsets.UTF_8));
        }
    }

    @Test
    void parse_wrongOrMissingRootNamespace_rejected() {
        for (String root : List.of("<presence>", "<presence xmlns='urn:ietf:params:xml:ns:cpim-pidf'>",
                "<p:presence xmlns:p='urn:x'>")) {
            String end = root.startsWith("<p:") ? "</p:presence>" : "</presence>";
            byte[] doc = bytes(root + "<tuple id='t'>" + OPEN + "</tuple>" + end);
            assertThrows(PidfParseException.class, () -> PidfParser.parse(doc), root);
        }
    }

    @Test
    void parse_billionLaughs_rejectedQuickly() {
        StringBuilder dtd = new StringBuilder("<?xml version='1.0'?><!DOCTYPE presence [<!ENTITY l0 'ha'>");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" '").append(("&l" + (i - 1) + ";").repeat(10)).append("'>");
        }
        byte[] doc = bytes(dtd + "]><presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple id='t'><status><basic>"
                + "open</basic></status><note>&l10;</note></tuple></presence>");
        assertRejectedQuickly(doc);
    }

    @Test
    void parse_externalEntity_rejectedWithoutReadingIt() {
        assertRejectedQuickly(bytes("<?xml version='1.0'?><!DOCTYPE p [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple id='t'>" + OPEN + "<note>&x;</note>"
                + "</tuple></presence>"));
    }

    @Test
    void parse_externalDtdOrPlainDoctype_rejected() {
        assertRejectedQuickly(bytes("<!DOCTYPE presence SYSTEM 'http://192.0.2.1/pidf.dtd'>"
                + "<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple id='t'>" + OPEN + "</tuple></presence>"));
        assertRejectedQuickly(bytes("<!DOCTYPE presence><presence xmlns='urn:ietf:params:xml:ns:pidf'>"
                + "<tuple id='t'>" + OPEN + "</tuple></presence>"));
    }

    @Test
    void parse_undeclaredEntity_rejected() {
        assertRejectedQuickly(withTuple(OPEN + "<note>&undeclared;</note>"));
    }

    @Test
    void parse_predefinedEntitiesAndCdata_read() throws PidfParseException {
        PresenceDocument d = PidfParser.parse(withTuple(OPEN + "<note>a &amp; b <![CDATA[<c>]]></note>"));
        assertEquals("a & b <c>", d.tuples().get(0).notes().get(0).text());
    }

    @Test
    void parse_malformedOrEmptyOrBinary_rejected() {
        assertRejectedQuickly(bytes(""));
        assertRejectedQuickly(bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple id='t'>"));
        assertRejectedQuickly(bytes("<presence xmlns='urn:ietf:params:xml:ns:pidf'></tuple>"));
        assertRejectedQuickly(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3});
        assertRejectedQuickly(bytes("just text"));
    }

    @Test
    void parse_tooLarge_rejected() {
        byte[] doc = withTuple(OPEN + "<note>" + "x".repeat(PidfParser.MAX_BYTES) + "</note>");
        PidfParseException e = assertThrows(PidfParseException.class, () -> PidfParser.parse(doc));
        assertTrue(e.getMessage().contains("larger"), e.getMessage());
    }

    @Test
    void parse_nestedDeeperThanLimit_rejected() {
        String open = "<x:a xmlns:x='urn:x'>".repeat(PidfParser.MAX_DEPTH);
        String close = "</x:a>".repeat(PidfParser.MAX_DEPTH);
        PidfParseException e = assertThrows(PidfParseException.class,
                () -> PidfParser.parse(withTuple(OPEN + open + close)));
        assertTrue(e.getMessage().contains("deeper"), e.getMessage());
    }

    @Test
    void parse_nestedWithinLimit_accepted() throws PidfParseException {
        String open = "<x:a xmlns:x='urn:x'>".repeat(10);
        String close = "</x:a>".repeat(10);
        assertEquals(1, PidfParser.parse(withTuple(OPEN + open + close)).tuples().size());
    }

    private static void assertRejectedQuickly(byte[] doc) {
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(PidfParseException.class, () -> PidfParser.parse(doc)));
    }
}
