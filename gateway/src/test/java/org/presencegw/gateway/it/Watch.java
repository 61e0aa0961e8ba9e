package org.presencegw.gateway.it;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import org.presencegw.sip.testing.ReceivedNotify;
import org.presencegw.sip.testing.SipTestAgent;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Helpers to wait for the NOTIFY a watcher should eventually see, and to read its PIDF. */
final class Watch {
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final String PIDF = "urn:ietf:params:xml:ns:pidf";
    static final String RPID = "urn:ietf:params:xml:ns:pidf:rpid";
    static final String JABBER = "jabber:client";

    private Watch() {
    }

    /** Takes NOTIFYs until one matches; fails (listing what came) when none does within {@link #TIMEOUT}. */
    static ReceivedNotify until(SipTestAgent agent, String what, Predicate<ReceivedNotify> match) {
        return agent.awaitNotify(what, TIMEOUT, match);
    }

    static Document pidf(ReceivedNotify n) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(n.body().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + n.body(), e);
        }
    }

    static boolean hasBody(ReceivedNotify n) {
        return !n.body().isEmpty();
    }

    /** The basic values of all tuples, in document order. */
    static List<String> basics(ReceivedNotify n) {
        return texts(pidf(n), PIDF, "basic");
    }

    static List<String> shows(ReceivedNotify n) {
        return texts(pidf(n), JABBER, "show");
    }

    static List<String> tupleIds(ReceivedNotify n) {
        NodeList tuples = pidf(n).getElementsByTagNameNS(PIDF, "tuple");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < tuples.getLength(); i++) {
            ids.add(((Element) tuples.item(i)).getAttribute("id"));
        }
        return ids;
    }

    /** Every note: tuple notes (PIDF namespace) and person notes (data-model namespace). */
    static List<String> notes(ReceivedNotify n) {
        return texts(pidf(n), "*", "note");
    }

    /** Every note as {@code lang:text} ({@code -:text} without xml:lang), in document order. */
    static List<String> notesWithLang(ReceivedNotify n) {
        NodeList nodes = pidf(n).getElementsByTagNameNS("*", "note");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String lang = e.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
            out.add((lang.isEmpty() ? "-" : lang) + ":" + e.getTextContent().trim());
        }
        return out;
    }

    /** Every tuple contact as {@code priority contact-uri} ({@code - uri} without priority), in document order. */
    static List<String> contacts(ReceivedNotify n) {
        NodeList nodes = pidf(n).getElementsByTagNameNS(PIDF, "contact");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            String priority = e.getAttribute("priority");
            out.add((priority.isEmpty() ? "-" : priority) + " " + e.getTextContent().trim());
        }
        return out;
    }

    /** RPID activity element names under the person, e.g. [away] or [busy]. */
    static List<String> activities(ReceivedNotify n) {
        NodeList acts = pidf(n).getElementsByTagNameNS(RPID, "activities");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < acts.getLength(); i++) {
            NodeList kids = acts.item(i).getChildNodes();
            for (int k = 0; k < kids.getLength(); k++) {
                if (kids.item(k) instanceof Element e) {
                    names.add(e.getLocalName());
                }
            }
        }
        return names;
    }

    /** A PIDF NOTIFY whose tuples are exactly these basics (e.g. "open", "open"), active. */
    static Predicate<ReceivedNotify> activeWith(String... basics) {
        return n -> n.state().equals("active") && hasBody(n) && basics(n).equals(List.of(basics));
    }

    private static List<String> texts(Document doc, String ns, String local) {
        NodeList nodes = doc.getElementsByTagNameNS(ns, local);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }
}
