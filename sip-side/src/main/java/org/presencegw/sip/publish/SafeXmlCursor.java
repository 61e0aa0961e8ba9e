package org.presencegw.sip.publish;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hardened cursor over an XML body from the network: namespace-aware, DTDs and external entities off, any DOCTYPE
 * or entity reference refused, nesting bounded, and every problem turned into a one-line {@link PidfParseException}
 * (no other exception leaves {@link #read}). A document is read by {@link SmallXmlPull} when it is in the part of XML
 * that reader covers (nearly every presence body: a tenth of the time and garbage), else by the JDK's StAX parser.
 * It walks elements only: a parser asks for the next child, reads a leaf's text, or skips a subtree (refused when it
 * is marked {@code mustUnderstand}, RFC 3863 section 4.1.3 / 5.1). Not thread-safe: one cursor per document.
 */
final class SafeXmlCursor {

    /** What reads a document through the cursor. */
    @FunctionalInterface
    interface Reader<T> {
        T read(SafeXmlCursor cursor) throws PidfParseException, XMLStreamException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SafeXmlCursor.class);
    private static final XMLInputFactory FACTORY = hardenedFactory();

    /** The events the cursor reads: {@link SmallXmlPull}, or StAX for what it does not cover. */
    interface Events {
        /** The next event, an {@link XMLStreamConstants} value. */
        int next() throws XMLStreamException;

        int eventType();

        /** The current element's namespace; null for none. */
        String namespaceUri();

        String localName();

        /** The current CHARACTERS event's text. */
        String text();

        /** As {@link XMLStreamReader#getAttributeValue}: a null namespace matches any. */
        String attributeValue(String namespace, String localName);
    }

    private final Events in;
    private final int maxDepth;
    private final String mustUnderstandNs;
    private int depth;

    private SafeXmlCursor(Events in, int maxDepth, String mustUnderstandNs) {
        this.in = in;
        this.maxDepth = maxDepth;
        this.mustUnderstandNs = mustUnderstandNs;
    }

    /**
     * Reads {@code body} with {@code reader}: through {@link SmallXmlPull} when the document is in the part of XML it
     * reads, else (or when it is not well-formed) through StAX, which then decides.
     *
     * @param mustUnderstandNs the namespace of a mustUnderstand attribute (besides the unqualified one)
     */
    static <T> T read(byte[] body, int maxDepth, String mustUnderstandNs, Reader<T> reader)
            throws PidfParseException {
        Optional<T> small = readSmall(body, maxDepth, mustUnderstandNs, reader);
        return small.isPresent() ? small.get() : readStax(body, maxDepth, mustUnderstandNs, reader);
    }

    /**
     * Reads {@code body} through {@link SmallXmlPull}; empty when the document needs StAX (outside its subset, not
     * well-formed, or anything unexpected). A PidfParseException is the reader's own refusal of a well-formed
     * document, the same StAX's events would give.
     */
    static <T> Optional<T> readSmall(byte[] body, int maxDepth, String mustUnderstandNs, Reader<T> reader)
            throws PidfParseException {
        try {
            Optional<SmallXmlPull> small = SmallXmlPull.open(body);
            if (small.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(reader.read(new SafeXmlCursor(small.get(), maxDepth, mustUnderstandNs)));
        } catch (XMLStreamException | RuntimeException e) {
            if (LOG.isTraceEnabled()) {
                LOG.trace("read again with StAX: {}", e.toString());
            }
            return Optional.empty();
        }
    }

    /** Reads {@code body} through the JDK's StAX parser, hardened ({@link #hardenedFactory}). */
    static <T> T readStax(byte[] body, int maxDepth, String mustUnderstandNs, Reader<T> reader)
            throws PidfParseException {
        XMLStreamReader stax = null;
        try {
            stax = FACTORY.createXMLStreamReader(new ByteArrayInputStream(body));
            return reader.read(new SafeXmlCursor(new StaxEvents(stax), maxDepth, mustUnderstandNs));
        } catch (XMLStreamException e) {
            throw new PidfParseException("malformed XML: " + lastLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            // The StAX implementation may throw unchecked exceptions on hostile input; never let one escape.
            throw new PidfParseException("unreadable XML: " + e.getClass().getSimpleName(), e);
        } finally {
            close(stax);
        }
    }

    /** Moves to the root element. */
    void nextStartElement() throws XMLStreamException, PidfParseException {
        while (next() != XMLStreamConstants.START_ELEMENT) {
            if (in.eventType() == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("no root element");
            }
        }
    }

    /** Moves to the next child start element of the current element; false at its end tag. */
    boolean nextChild() throws XMLStreamException, PidfParseException {
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("unexpected end of document");
            }
        }
    }

    /** Skips the current element's subtree, refusing it if it must be understood. */
    void skip() throws XMLStreamException, PidfParseException {
        String mu = Optional.ofNullable(in.attributeValue(null, "mustUnderstand"))
                .orElse(Optional.ofNullable(in.attributeValue(mustUnderstandNs, "mustUnderstand")).orElse(""));
        if (mu.strip().equals("true") || mu.strip().equals("1")) {
            throw new PidfParseException("unsupported element {" + in.namespaceUri() + "}" + in.localName()
                    + " marked mustUnderstand");
        }
        int target = depth - 1;
        while (depth > target) {
            if (next() == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("unexpected end of document");
            }
        }
    }

    /** The text content of a leaf element, leaving the cursor on its end tag. */
    String text() throws XMLStreamException, PidfParseException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int event = next();
            if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                sb.append(in.text());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                return sb.toString();
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                throw new PidfParseException("element inside text-only " + in.localName());
            } else if (event == XMLStreamConstants.END_DOCUMENT) {
                throw new PidfParseException("unexpected end of document");
            }
        }
    }

    boolean is(String namespace, String localName) {
        return namespace.equals(in.namespaceUri()) && localName.equals(in.localName());
    }

    String namespace() {
        return in.namespaceUri();
    }

    String localName() {
        return in.localName();
    }

    Optional<String> attribute(String name) {
        return Optional.ofNullable(in.attributeValue(null, name));
    }

    /** The element's {@code xml:lang}, else {@code inherited}. */
    Optional<String> lang(Optional<String> inherited) {
        String own = in.attributeValue(XMLConstants.XML_NS_URI, "lang");
        return own == null ? inherited : Optional.of(own);
    }

    private int next() throws XMLStreamException, PidfParseException {
        int event = in.next();
        switch (event) {
            case XMLStreamConstants.DTD -> throw new PidfParseException("DOCTYPE not allowed");
            case XMLStreamConstants.ENTITY_REFERENCE -> throw new PidfParseException("entity reference not allowed");
            case XMLStreamConstants.START_ELEMENT -> {
                if (++depth > maxDepth) {
                    throw new PidfParseException("nested deeper than " + maxDepth);
                }
            }
            case XMLStreamConstants.END_ELEMENT -> depth--;
            default -> {
                // text, comments and processing instructions carry nothing read here
            }
        }
        return event;
    }

    /** StAX's reader as the cursor's events. */
    private record StaxEvents(XMLStreamReader stax) implements Events {
        @Override
        public int next() throws XMLStreamException {
            return stax.next();
        }

        @Override
        public int eventType() {
            return stax.getEventType();
        }

        @Override
        public String namespaceUri() {
            return stax.getNamespaceURI();
        }

        @Override
        public String localName() {
            return stax.getLocalName();
        }

        @Override
        public String text() {
            return stax.getText();
        }

        @Override
        public String attributeValue(String namespace, String localName) {
            return stax.getAttributeValue(namespace, localName);
        }
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not loaded");
        });
        return f;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // An in-memory reader holds nothing that could leak; the parse result stands.
                LOG.debug("closing the XML reader failed", e);
            }
        }
    }

    private static String lastLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String trimmed = message.strip();
        int nl = trimmed.lastIndexOf('\n');
        String last = nl < 0 ? trimmed : trimmed.substring(nl + 1);
        return last.startsWith("Message: ") ? last.substring("Message: ".length()) : last;
    }
}
