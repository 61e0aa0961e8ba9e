package org.presencegw.sip.publish;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;

/**
 * A pull reader for the part of XML 1.0 with namespaces that presence bodies use: UTF-8, an optional XML
 * declaration, elements, attributes, namespace declarations, text with the five predefined entities and character
 * references, CDATA sections, comments and processing instructions. Anything else, and anything not well-formed,
 * throws {@link Unsupported}, and {@link SafeXmlCursor} reads the document again with the JDK's StAX parser, which
 * decides: a DOCTYPE, another encoding, a name outside ASCII, a malformed byte. So whatever this reader accepts, StAX
 * accepts with the same elements, attributes and text ({@code PidfXmlEquivalenceTest}); it exists because a StAX
 * reader allocates about 40 KB of buffers and tables per document, 42 % of a PUBLISH's garbage (bench/FINDINGS.md,
 * session 18).
 *
 * <p>Events are {@link XMLStreamConstants}' START_ELEMENT, END_ELEMENT, CHARACTERS and END_DOCUMENT: adjacent text,
 * CDATA and references come as one CHARACTERS event, and comments and processing instructions are skipped (the
 * cursor reads neither). Not thread-safe: one reader per document.
 */
final class SmallXmlPull implements SafeXmlCursor.Events {

    /** The document needs more than this reader knows, or is not well-formed: StAX reads it instead. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * More attributes, or namespace declarations, than this on one element go to StAX; more namespace bindings in
     * scope than {@link #MAX_BINDINGS} too. Keeps the duplicate checks and prefix look-ups small whatever the body.
     */
    private static final int MAX_ATTRIBUTES = 32;
    private static final int MAX_BINDINGS = 64;
    /** The XML declaration's pseudo-attributes, in the order XML 1.0 section 2.8 requires; version first. */
    private static final List<String> DECLARATION_NAMES = List.of("version", "encoding", "standalone");
    /** Longer names go to StAX (which has its own name limit). */
    private static final int MAX_NAME = 256;

    private final String s;
    private final int end;
    private int pos;

    private int event = XMLStreamConstants.START_DOCUMENT;
    private boolean rootClosed;
    private boolean pendingEnd;
    private final StringBuilder textBuf = new StringBuilder();
    private String text = "";

    /** Open elements: qualified name, namespace, local name, and the namespace bindings' count before it. */
    private String[] openQName = new String[8];
    private String[] openNs = new String[8];
    private String[] openLocal = new String[8];
    private int[] openMark = new int[8];
    private int depth;

    /** Namespace bindings in scope, innermost last; a null URI undeclares the default namespace. */
    private String[] bindPrefix = new String[8];
    private String[] bindUri = new String[8];
    private int bindings;

    /** The current element's name and attributes (namespace declarations excluded). */
    private String ns;
    private String local;
    private final String[] attrQName = new String[MAX_ATTRIBUTES];
    private final String[] attrValue = new String[MAX_ATTRIBUTES];
    private final String[] attrNs = new String[MAX_ATTRIBUTES];
    private final String[] attrLocal = new String[MAX_ATTRIBUTES];
    private int attrs;

    private SmallXmlPull(String s) {
        this.s = s;
        this.end = s.length();
    }

    /** A reader over {@code body}, or empty when it is not plain UTF-8 (StAX reads those). */
    static Optional<SmallXmlPull> open(byte[] body) {
        String decoded = new String(body, StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0) {
            return Optional.empty();  // malformed UTF-8, another encoding, or a real U+FFFD: StAX decides
        }
        if (decoded.indexOf('\r') >= 0) {
            // XML 1.0 section 2.11: CR LF and a lone CR are read as LF (character references are not affected).
            decoded = decoded.replace("\r\n", "\n").replace('\r', '\n');
        }
        SmallXmlPull r = new SmallXmlPull(decoded);
        if (decoded.startsWith("\uFEFF")) {
            r.pos = 1;
        }
        r.declaration();
        return Optional.of(r);
    }

    @Override
    public int eventType() {
        return event;
    }

    @Override
    public String namespaceUri() {
        return ns;
    }

    @Override
    public String localName() {
        return local;
    }

    @Override
    public String text() {
        return text;
    }

    /**
     * As StAX's {@code getAttributeValue}: a null namespace matches the local name in any namespace (the first in
     * document order), an empty one means no namespace.
     */
    @Override
    public String attributeValue(String namespace, String localName) {
        if (event != XMLStreamConstants.START_ELEMENT) {
            return null;
        }
        String want = namespace == null || namespace.isEmpty() ? null : namespace;
        for (int i = 0; i < attrs; i++) {
            if (attrLocal[i].equals(localName) && (namespace == null || Objects.equals(want, attrNs[i]))) {
                return attrValue[i];
            }
        }
        return null;
    }

    @Override
    public int next() {
        if (pendingEnd) {
            pendingEnd = false;
            closeElement();
            return emit(XMLStreamConstants.END_ELEMENT);
        }
        if (rootClosed || event == XMLStreamConstants.END_DOCUMENT) {
            misc();
            return emit(XMLStreamConstants.END_DOCUMENT);
        }
        if (depth == 0) {
            misc();
            if (pos >= end) {
                throw new Unsupported("no root element");
            }
            startTag();
            return emit(XMLStreamConstants.START_ELEMENT);
        }
        textBuf.setLength(0);
        while (true) {
            if (pos >= end) {
                throw new Unsupported("unclosed element");
            }
            char c = s.charAt(pos);
            if (c != '<') {
                charData();
            } else if (s.startsWith("<!--", pos)) {
                comment();
            } else if (s.startsWith("<![CDATA[", pos)) {
                cdata();
            } else if (s.startsWith("<?", pos)) {
                processingInstruction();
            } else if (textBuf.length() > 0) {
                text = textBuf.toString();
                return emit(XMLStreamConstants.CHARACTERS);
            } else if (s.startsWith("</", pos)) {
                endTag();
                return emit(XMLStreamConstants.END_ELEMENT);
            } else {
                startTag();
                return emit(XMLStreamConstants.START_ELEMENT);
            }
        }
    }

    private int emit(int e) {
        event = e;
        return e;
    }

    // ------------------------------------------------------------------ prolog and epilog

    /** The XML declaration, if the document starts with one: version 1.0, encoding UTF-8 if named. */
    private void declaration() {
        if (!s.startsWith("<?xml", pos) || pos + 5 >= end || !space(s.charAt(pos + 5))) {
            return;
        }
        pos += 5;
        int next = 0;  // index in DECLARATION_NAMES of the next pseudo-attribute allowed
        while (true) {
            boolean sp = skipSpace();
            if (s.startsWith("?>", pos)) {
                pos += 2;
                if (next == 0) {
                    throw new Unsupported("XML declaration without version");
                }
                return;
            }
            if (!sp) {
                throw new Unsupported("XML declaration: space expected");
            }
            String name = name();
            int k = DECLARATION_NAMES.indexOf(name);
            if (k < next || (next == 0 && k != 0)) {
                throw new Unsupported("XML declaration: " + name + " unexpected");
            }
            next = k + 1;
            skipSpace();
            expect('=');
            skipSpace();
            char q = pos < end ? s.charAt(pos) : 0;
            if (q != '"' && q != '\'') {
                throw new Unsupported("XML declaration: quote expected");
            }
            int close = s.indexOf(q, pos + 1);
            if (close < 0) {
                throw new Unsupported("XML declaration: unterminated value");
            }
            String value = s.substring(pos + 1, close);
            pos = close + 1;
            boolean ok = switch (name) {
                case "version" -> value.equals("1.0");
                case "encoding" -> value.equalsIgnoreCase("UTF-8");
                default -> value.equals("yes") || value.equals("no");
            };
            if (!ok) {
                throw new Unsupported("XML declaration: " + name + "='" + value + "'");
            }
        }
    }

    /** Space, comments and processing instructions, outside the root element. */
    private void misc() {
        while (pos < end) {
            char c = s.charAt(pos);
            if (space(c)) {
                pos++;
            } else if (s.startsWith("<!--", pos)) {
                comment();
            } else if (s.startsWith("<?", pos)) {
                processingInstruction();
            } else if (c == '<' && depth == 0 && !rootClosed && pos + 1 < end && nameStart(s.charAt(pos + 1))) {
                return;
            } else {
                throw new Unsupported("content outside the root element");
            }
        }
    }

    // ------------------------------------------------------------------ markup

    private void startTag() {
        pos++;  // '<'
        String qname = name();
        attrs = 0;
        int mark = bindings;
        boolean empty;
        while (true) {
            boolean sp = skipSpace();
            if (s.startsWith("/>", pos)) {
                pos += 2;
                empty = true;
                break;
            }
            if (pos < end && s.charAt(pos) == '>') {
                pos++;
                empty = false;
                break;
            }
            if (!sp) {
                throw new Unsupported("space expected between attributes");
            }
            String aname = name();
            skipSpace();
            expect('=');
            skipSpace();
            String value = attValue();
            if (aname.equals("xmlns") || aname.startsWith("xmlns:")) {
                declare(mark, aname, value);
                continue;
            }
            if (attrs == MAX_ATTRIBUTES) {
                throw new Unsupported("more than " + MAX_ATTRIBUTES + " attributes");
            }
            for (int i = 0; i < attrs; i++) {
                if (attrQName[i].equals(aname)) {
                    throw new Unsupported("attribute repeated");
                }
            }
            attrQName[attrs] = aname;
            attrValue[attrs] = value;
            attrs++;
        }
        int colon = qname.indexOf(':');
        String prefix = colon < 0 ? "" : qname.substring(0, colon);
        if (prefix.equals("xmlns")) {
            throw new Unsupported("element in the xmlns namespace");
        }
        ns = resolve(prefix, true);
        local = colon < 0 ? qname : qname.substring(colon + 1);
        for (int i = 0; i < attrs; i++) {
            String q = attrQName[i];
            int c = q.indexOf(':');
            attrNs[i] = c < 0 ? null : resolve(q.substring(0, c), false);
            attrLocal[i] = c < 0 ? q : q.substring(c + 1);
            for (int j = 0; j < i; j++) {
                if (attrNs[j] != null && attrNs[j].equals(attrNs[i]) && attrLocal[j].equals(attrLocal[i])) {
                    throw new Unsupported("attribute repeated in one namespace");
                }
            }
        }
        push(qname, mark);
        pendingEnd = empty;
    }

    private void endTag() {
        pos += 2;
        String qname = name();
        skipSpace();
        expect('>');
        if (!qname.equals(openQName[depth - 1])) {
            throw new Unsupported("end tag does not match");
        }
        closeElement();
    }

    /** Pops the innermost element: its name stays current for the END_ELEMENT event. */
    private void closeElement() {
        depth--;
        ns = openNs[depth];
        local = openLocal[depth];
        bindings = openMark[depth];
        attrs = 0;
        if (depth == 0) {
            rootClosed = true;
        }
    }

    private void push(String qname, int mark) {
        if (depth == openQName.length) {
            int n = depth * 2;
            openQName = Arrays.copyOf(openQName, n);
            openNs = Arrays.copyOf(openNs, n);
            openLocal = Arrays.copyOf(openLocal, n);
            openMark = Arrays.copyOf(openMark, n);
        }
        openQName[depth] = qname;
        openNs[depth] = ns;
        openLocal[depth] = local;
        openMark[depth] = mark;
        depth++;
    }

    /** A namespace declaration of the element whose bindings start at {@code mark}. */
    private void declare(int mark, String aname, String uri) {
        if (bindings - mark == MAX_ATTRIBUTES || bindings == MAX_BINDINGS) {
            throw new Unsupported("too many namespace declarations");
        }
        String prefix = aname.length() == 5 ? "" : aname.substring(6);
        for (int i = mark; i < bindings; i++) {
            if (bindPrefix[i].equals(prefix)) {
                throw new Unsupported("namespace declared twice");
            }
        }
        if (prefix.equals("xml") || prefix.equals("xmlns") || uri.equals(XMLConstants.XML_NS_URI)
                || uri.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI) || (uri.isEmpty() && !prefix.isEmpty())) {
            throw new Unsupported("reserved or empty namespace declaration");
        }
        if (bindings == bindPrefix.length) {
            bindPrefix = Arrays.copyOf(bindPrefix, bindings * 2);
            bindUri = Arrays.copyOf(bindUri, bindings * 2);
        }
        bindPrefix[bindings] = prefix;
        bindUri[bindings] = uri.isEmpty() ? null : uri;
        bindings++;
    }

    /** The namespace of {@code prefix}; "" is the default namespace for elements and none for attributes. */
    private String resolve(String prefix, boolean element) {
        if (prefix.equals("xml")) {
            return XMLConstants.XML_NS_URI;
        }
        if (prefix.isEmpty() && !element) {
            return null;
        }
        for (int i = bindings - 1; i >= 0; i--) {
            if (bindPrefix[i].equals(prefix)) {
                return bindUri[i];
            }
        }
        if (prefix.isEmpty()) {
            return null;
        }
        throw new Unsupported("undeclared prefix");
    }

    private void comment() {
        int close = s.indexOf("--", pos + 4);
        if (close < 0 || close + 2 >= end || s.charAt(close + 2) != '>') {
            throw new Unsupported("malformed comment");
        }
        checkChars(pos + 4, close);
        pos = close + 3;
    }

    private void cdata() {
        if (depth == 0) {
            throw new Unsupported("CDATA outside the root element");
        }
        int from = pos + 9;
        int close = s.indexOf("]]>", from);
        if (close < 0) {
            throw new Unsupported("unterminated CDATA section");
        }
        checkChars(from, close);
        textBuf.append(s, from, close);
        pos = close + 3;
    }

    private void processingInstruction() {
        pos += 2;
        String target = name();
        if (target.equalsIgnoreCase("xml") || target.indexOf(':') >= 0) {
            throw new Unsupported("reserved processing instruction target");
        }
        int close = s.indexOf("?>", pos);
        if (close < 0 || (close > pos && !space(s.charAt(pos)))) {
            throw new Unsupported("malformed processing instruction");
        }
        checkChars(pos, close);
        pos = close + 2;
    }

    // ------------------------------------------------------------------ character data

    /** Text up to the next '<', references replaced. */
    private void charData() {
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == '<') {
                return;
            }
            if (c == '&') {
                reference(textBuf);
            } else {
                if (c == ']' && s.startsWith("]]>", pos)) {
                    throw new Unsupported("']]>' in text");
                }
                checkChar(pos);
                textBuf.append(c);
                pos++;
            }
        }
    }

    /** A quoted attribute value, normalized as a CDATA attribute's (XML 1.0 section 3.3.3). */
    private String attValue() {
        char q = pos < end ? s.charAt(pos) : 0;
        if (q != '"' && q != '\'') {
            throw new Unsupported("attribute value not quoted");
        }
        pos++;
        int start = pos;
        // Fast path: no reference, no whitespace to normalize.
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == q) {
                checkChars(start, pos);
                return s.substring(start, pos++);
            }
            if (c == '&' || c == '<' || c == '\t' || c == '\n') {
                break;
            }
            pos++;
        }
        checkChars(start, pos);
        StringBuilder v = new StringBuilder().append(s, start, pos);
        while (true) {
            if (pos >= end) {
                throw new Unsupported("unterminated attribute value");
            }
            char c = s.charAt(pos);
            if (c == q) {
                pos++;
                return v.toString();
            }
            if (c == '<') {
                throw new Unsupported("'<' in an attribute value");
            }
            if (c == '&') {
                reference(v);
            } else {
                checkChar(pos);
                v.append(c == '\t' || c == '\n' ? ' ' : c);
                pos++;
            }
        }
    }

    /** An entity or character reference at {@code pos}, appended to {@code out}. */
    private void reference(StringBuilder out) {
        int semi = s.indexOf(';', pos);
        if (semi < 0 || semi - pos > 12) {
            throw new Unsupported("malformed reference");
        }
        String ref = s.substring(pos + 1, semi);
        switch (ref) {
            case "lt" -> out.append('<');
            case "gt" -> out.append('>');
            case "amp" -> out.append('&');
            case "apos" -> out.append('\'');
            case "quot" -> out.append('"');
            default -> out.appendCodePoint(charRef(ref));
        }
        pos = semi + 1;
    }

    private static int charRef(String ref) {
        boolean hex = ref.startsWith("#x");
        String digits = hex ? ref.substring(2) : ref.startsWith("#") ? ref.substring(1) : "";
        if (digits.isEmpty() || digits.length() > 8) {
            throw new Unsupported("not a predefined entity or character reference");
        }
        int cp = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), hex ? 16 : 10);
            if (d < 0 || digits.charAt(i) > 'f') {
                throw new Unsupported("malformed character reference");
            }
            cp = cp * (hex ? 16 : 10) + d;
        }
        boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
        if (!ok) {
            throw new Unsupported("reference to a character XML does not allow");
        }
        return cp;
    }

    private void checkChars(int from, int to) {
        for (int i = from; i < to; i++) {
            checkChar(i);
        }
    }

    /** XML 1.0's Char: no C0 control but tab and LF (CR is gone), no U+FFFE/U+FFFF, surrogates only in pairs. */
    private void checkChar(int i) {
        char c = s.charAt(i);
        if (c >= 0x20 && c < 0xD800) {
            return;
        }
        if (c == '\t' || c == '\n' || (c >= 0xE000 && c <= 0xFFFD)) {
            return;
        }
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
            return;
        }
        if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
            return;
        }
        throw new Unsupported("character XML does not allow");
    }

    // ------------------------------------------------------------------ names and space

    /** A QName in ASCII: letters, digits, '_', '-', '.', at most one ':' with a name on both sides. */
    private String name() {
        int start = pos;
        int colon = -1;
        while (pos < end) {
            char c = s.charAt(pos);
            if (c == ':') {
                if (colon >= 0) {
                    throw new Unsupported("two colons in a name");
                }
                colon = pos;
            } else if (!((pos == start || (colon >= 0 && pos == colon + 1)) ? nameStart(c) : nameChar(c))) {
                if (c >= 0x80) {
                    throw new Unsupported("name outside ASCII");
                }
                break;
            }
            pos++;
        }
        if (pos == start || colon == start || colon == pos - 1 || pos - start > MAX_NAME) {
            throw new Unsupported("malformed name");
        }
        if (pos < end && s.charAt(pos) >= 0x80) {
            throw new Unsupported("name outside ASCII");
        }
        return s.substring(start, pos);
    }

    private static boolean nameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean nameChar(char c) {
        return nameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n';
    }

    private boolean skipSpace() {
        int start = pos;
        while (pos < end && space(s.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    private void expect(char c) {
        if (pos >= end || s.charAt(pos) != c) {
            throw new Unsupported("'" + c + "' expected");
        }
        pos++;
    }
}
