package org.presencegw.sip.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A dialog-info document (RFC 4235) as a test reads it: validated against the RFC's schema
 * ({@code schemas/dialog-info.xsd}), then parsed with a namespace-aware DOM.
 *
 * @param version the {@code version} attribute
 * @param state   {@code full} or {@code partial}
 * @param entity  the {@code entity} attribute
 * @param dialogs the {@code <dialog>} elements in document order
 */
public record DialogInfoDocument(long version, String state, String entity, List<Dialog> dialogs) {

    public static final String NS = "urn:ietf:params:xml:ns:dialog-info";
    private static final Schema SCHEMA = schema();

    /**
     * One {@code <dialog>}.
     *
     * @param id       its id
     * @param state    its {@code <state>} text
     * @param identity the local identity, if any
     * @param held     whether the local target carries {@code +sip.rendering=no}
     */
    public record Dialog(String id, String state, Optional<String> identity, boolean held) {
    }

    /** Validates {@code xml} against the RFC 4235 schema (AssertionError if not valid) and parses it. */
    public static DialogInfoDocument parse(String xml) {
        Objects.requireNonNull(xml, "xml");
        try {
            SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new AssertionError("not a valid RFC 4235 document: " + e.getMessage() + "\n" + xml, e);
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            List<Dialog> dialogs = new ArrayList<>();
            NodeList list = root.getElementsByTagNameNS(NS, "dialog");
            for (int i = 0; i < list.getLength(); i++) {
                Element d = (Element) list.item(i);
                Optional<String> identity = first(d, "identity").map(Element::getTextContent);
                boolean held = false;
                NodeList params = d.getElementsByTagNameNS(NS, "param");
                for (int p = 0; p < params.getLength(); p++) {
                    Element param = (Element) params.item(p);
                    held |= param.getAttribute("pname").equals("+sip.rendering")
                            && param.getAttribute("pval").equals("no");
                }
                dialogs.add(new Dialog(d.getAttribute("id"), first(d, "state").orElseThrow().getTextContent(),
                        identity, held));
            }
            return new DialogInfoDocument(Long.parseLong(root.getAttribute("version")), root.getAttribute("state"),
                    root.getAttribute("entity"), dialogs);
        } catch (Exception e) {
            throw new AssertionError("cannot parse dialog-info: " + e + "\n" + xml, e);
        }
    }

    /** The lamp a phone shows: {@code busy} for a confirmed dialog (or {@code held} with hold), else {@code idle}. */
    public String lamp() {
        for (Dialog d : dialogs) {
            if (d.state().equals("confirmed")) {
                return d.held() ? "held" : "busy";
            }
        }
        return "idle";
    }

    private static Optional<Element> first(Element parent, String localName) {
        NodeList l = parent.getElementsByTagNameNS(NS, localName);
        return l.getLength() == 0 ? Optional.empty() : Optional.of((Element) l.item(0));
    }

    private static Schema schema() {
        URL xsd = DialogInfoDocument.class.getResource("/schemas/dialog-info.xsd");
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(Objects.requireNonNull(xsd,
                    "schemas/dialog-info.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException("RFC 4235 schema does not load", e);
        }
    }
}
