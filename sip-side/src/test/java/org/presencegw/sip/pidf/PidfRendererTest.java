package org.presencegw.sip.pidf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.presencegw.sip.model.Activity;
import org.presencegw.sip.model.Basic;
import org.presencegw.sip.model.Note;
import org.presencegw.sip.model.Person;
import org.presencegw.sip.model.PresenceDocument;
import org.presencegw.sip.model.PresenceTuple;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** CONFORMANCE rows PIDF-01..10: render, parse back namespace-aware, check. */
class PidfRendererTest {

    private static final String ENTITY = "sip:bob@example.com";

    private final PidfRenderer renderer = new PidfRenderer();

    private static PresenceDocument fullDocument() {
        PresenceTuple desk = new PresenceTuple("desk", Basic.OPEN, Optional.of("dnd"),
                Optional.of("sip:bob@example.com;gr=desk"), Optional.of(new BigDecimal("0.8")),
                List.of(new Note("In a meeting", Optional.of("en")), new Note("En réunion", Optional.of("fr"))),
                Optional.of(Instant.parse("2024-05-01T10:00:00Z")));
        PresenceTuple phone = PresenceTuple.of("phone", Basic.CLOSED);
        Person person = new Person("p1", Set.of(Activity.AWAY), List.of(new Note("Back soon", Optional.of("en"))));
        return new PresenceDocument(List.of(desk, phone), Optional.of(person));
    }

    private Document parse(byte[] bytes) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    @Test
    void render_anyDocument_startsWithUtf8DeclarationInSingleQuotes() {
        byte[] bytes = renderer.render(fullDocument(), ENTITY);
        assertTrue(new String(bytes, StandardCharsets.UTF_8).startsWith("<?xml version='1.0' encoding='UTF-8'?>"));
    }

    @Test
    void render_anyDocument_rootIsPidfPresenceWithEntity() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        assertEquals(PidfNames.PIDF_NS, root.getNamespaceURI());
        assertEquals("presence", root.getLocalName());
        assertEquals(ENTITY, root.getAttribute("entity"));
    }

    @Test
    void render_twoTuples_inOrderWithStatusContactNotesTimestampOrder() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        List<Element> kids = children(root);
        assertEquals("tuple", kids.get(0).getLocalName());
        assertEquals("desk", kids.get(0).getAttribute("id"));
        assertEquals("phone", kids.get(1).getAttribute("id"));
        List<String> order = children(kids.get(0)).stream().map(Element::getLocalName).toList();
        assertEquals(List.of("status", "contact", "note", "note", "timestamp"), order);
        Element contact = children(kids.get(0)).get(1);
        assertTrue(contact.getAttribute("priority").matches("^(0(\\.\\d{1,3})?|1(\\.0{1,3})?)$"));
        assertEquals("2024-05-01T10:00:00Z", children(kids.get(0)).get(4).getTextContent());
        Element note = children(kids.get(0)).get(3);
        assertEquals("fr", note.getAttributeNS(PidfNames.XML_NS, "lang"));
        assertEquals("En réunion", note.getTextContent());
    }

    @Test
    void render_xmppShow_basicThenJabberShowInsideStatus() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        List<Element> status = children(children(children(root).get(0)).get(0));
        assertEquals("basic", status.get(0).getLocalName());
        assertEquals(PidfNames.PIDF_NS, status.get(0).getNamespaceURI());
        assertEquals("open", status.get(0).getTextContent());
        assertEquals("show", status.get(1).getLocalName());
        assertEquals("jabber:client", status.get(1).getNamespaceURI());
        assertEquals("dnd", status.get(1).getTextContent());
        List<Element> closedStatus = children(children(children(root).get(1)).get(0));
        assertEquals(1, closedStatus.size());
        assertEquals("closed", closedStatus.get(0).getTextContent());
    }

    @Test
    void render_person_dmPersonWithRpidActivitiesAndNote() throws Exception {
        Element root = parse(renderer.render(fullDocument(), ENTITY)).getDocumentElement();
        Element person = children(root).get(2);
        assertEquals(PidfNames.DATA_MODEL_NS, person.getNamespaceURI());
        assertEquals("person", person.getLocalName());
        assertEquals("p1", person.getAttribute("id"));
        Element activities = children(person).get(0);
        assertEquals(PidfNames.RPID_NS, activities.getNamespaceURI());
        assertEquals("activities", activities.getLocalName());
        assertEquals("away", children(activities).get(0).getLocalName());
        assertEquals(PidfNames.RPID_NS, children(activities).get(0).getNamespaceURI());
        Element note = children(person).get(1);
        assertEquals(PidfNames.DATA_MODEL_NS, note.getNamespaceURI());
        assertEquals("Back soon", note.getTextContent());
    }

    @Test
    void render_markupInText_escaped() throws Exception {
        PresenceTuple t = new PresenceTuple("t1", Basic.OPEN, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(Note.of("<b>&\"")), Optional.empty());
        Element root = parse(renderer.render(new PresenceDocument(List.of(t), Optional.empty()), "sip:a&b@x"))
                .getDocumentElement();
        assertEquals("sip:a&b@x", root.getAttribute("entity"));
        assertEquals("<b>&\"", root.getElementsByTagNameNS(PidfNames.PIDF_NS, "note").item(0).getTextContent());
    }
}
