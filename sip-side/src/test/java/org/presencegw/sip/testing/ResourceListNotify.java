package org.presencegw.sip.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A resource-list NOTIFY body (RFC 4662 section 5) as a test reads it: the {@code multipart/related} Content-Type
 * parameters, every part by Content-ID, and the RLMI root document. Throws AssertionError on anything malformed
 * (a missing parameter, a boundary that is not closed, a root that is not the {@code start} part).
 *
 * @param type      the {@code type} parameter
 * @param start     the {@code start} parameter, angle brackets included
 * @param boundary  the {@code boundary} parameter
 * @param parts     Content-ID (without brackets) to part, in body order
 * @param list      the RLMI document
 */
public record ResourceListNotify(String type, String start, String boundary, Map<String, Part> parts,
                                 Rlmi list) {

    public static final String RLMI_NS = "urn:ietf:params:xml:ns:rlmi";

    /** One body part: its Content-Type and its content as UTF-8 text. */
    public record Part(String contentType, String body) {
    }

    /** The RLMI {@code <list>}. */
    public record Rlmi(String uri, long version, boolean fullState, List<Resource> resources) {

        /** The resource with this URI, if listed. */
        public Optional<Resource> resource(String uri) {
            return resources.stream().filter(r -> r.uri().equals(uri)).findFirst();
        }
    }

    /** One {@code <resource>} and its (one) {@code <instance>}. */
    public record Resource(String uri, String instanceId, String state, Optional<String> reason,
                           Optional<String> cid) {
    }

    private static final Pattern PARAM = Pattern.compile(";\\s*([A-Za-z-]+)=(\"([^\"]*)\"|[^;\\s]+)");

    /** The part a resource's {@code cid} names. */
    public Part partOf(Resource r) {
        Part p = parts.get(r.cid().orElseThrow(() -> new AssertionError(r.uri() + " has no cid")));
        if (p == null) {
            throw new AssertionError("no part with Content-ID <" + r.cid().get() + ">");
        }
        return p;
    }

    /** Parses a NOTIFY's full Content-Type value and its body. */
    public static ResourceListNotify parse(String contentType, String body) {
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/related")) {
            throw new AssertionError("not multipart/related: " + contentType);
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(contentType);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
        }
        String boundary = required(params, "boundary", contentType);
        String start = required(params, "start", contentType);
        String type = required(params, "type", contentType);
        String delimiter = "--" + boundary;
        if (!body.startsWith(delimiter + "\r\n")) {
            throw new AssertionError("body does not start with the boundary:\n" + body);
        }
        int end = body.indexOf("\r\n" + delimiter + "--");
        if (end < 0) {
            throw new AssertionError("no closing boundary:\n" + body);
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String raw : body.substring(delimiter.length() + 2, end).split("\r\n" + Pattern.quote(delimiter)
                + "\r\n", -1)) {
            int blank = raw.indexOf("\r\n\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : raw.substring(0, blank).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            String cid = headers.getOrDefault("content-id", "");
            if (!cid.startsWith("<") || !cid.endsWith(">")) {
                throw new AssertionError("part without Content-ID <...>: " + headers);
            }
            parts.put(cid.substring(1, cid.length() - 1), new Part(headers.get("content-type"),
                    raw.substring(blank + 4)));
        }
        Part root = parts.get(start.substring(1, start.length() - 1));
        if (root == null || !root.contentType().startsWith(type)) {
            throw new AssertionError("start " + start + " is not a part of type " + type + ": " + parts.keySet());
        }
        return new ResourceListNotify(type, start, boundary, parts, rlmi(root.body()));
    }

    private static String required(Map<String, String> params, String name, String contentType) {
        String value = params.get(name);
        if (value == null) {
            throw new AssertionError("Content-Type without " + name + ": " + contentType);
        }
        return value;
    }

    /** Parses an RLMI document (namespace-aware DOM). */
    public static Rlmi rlmi(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Element root = f.newDocumentBuilder().parse(new ByteArrayInputStream(
                    xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            if (!RLMI_NS.equals(root.getNamespaceURI()) || !"list".equals(root.getLocalName())) {
                throw new AssertionError("not an RLMI list: " + xml);
            }
            List<Resource> resources = new ArrayList<>();
            NodeList rs = root.getElementsByTagNameNS(RLMI_NS, "resource");
            for (int i = 0; i < rs.getLength(); i++) {
                Element r = (Element) rs.item(i);
                Element instance = (Element) r.getElementsByTagNameNS(RLMI_NS, "instance").item(0);
                resources.add(new Resource(r.getAttribute("uri"), instance.getAttribute("id"),
                        instance.getAttribute("state"), attribute(instance, "reason"), attribute(instance, "cid")));
            }
            return new Rlmi(root.getAttribute("uri"), Long.parseLong(root.getAttribute("version")),
                    Boolean.parseBoolean(root.getAttribute("fullState")), resources);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("RLMI does not parse: " + e + "\n" + xml, e);
        }
    }

    private static Optional<String> attribute(Element e, String name) {
        return e.hasAttribute(name) ? Optional.of(e.getAttribute(name)) : Optional.empty();
    }
}
