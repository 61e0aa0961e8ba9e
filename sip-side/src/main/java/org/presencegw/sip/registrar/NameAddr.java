package org.presencegw.sip.registrar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a To, From or Contact header value: optional display name, the URI and the header parameters
 * (RFC 3261 section 20.10 and 25.1: {@code name-addr / addr-spec} followed by {@code *(SEMI param)}).
 *
 * <p>RFC 3261 section 20.10: without angle brackets, everything after the first {@code ;} is a header parameter,
 * never a URI parameter (RFC 4475 section 3.3.12, cparam01). Inside {@code <...>} the URI is kept verbatim,
 * URI parameters and escaped headers included (RFC 4475 section 3.3.13 and 3.3.14).
 *
 * @param displayName the display name, unquoted, if any
 * @param uri         the URI text exactly as sent
 * @param params      header parameters, names lower case, value "" when the parameter has no value
 */
public record NameAddr(Optional<String> displayName, String uri, Map<String, String> params) {

    public NameAddr {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(uri, "uri");
        params = Map.copyOf(params);
    }

    /** A header parameter by (case-insensitive) name. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Parses one name-addr or addr-spec with its parameters.
     *
     * @throws IllegalArgumentException with a short reason when the text is malformed
     */
    public static NameAddr parse(String text) {
        String s = text.strip();
        Optional<String> display = Optional.empty();
        String uri;
        String rest;
        int lt = indexOutsideQuotes(s, '<');
        if (lt >= 0) {
            String name = s.substring(0, lt).strip();
            if (name.startsWith("\"")) {
                if (name.length() < 2 || !name.endsWith("\"")) {
                    throw new IllegalArgumentException("unbalanced quotes in display name");
                }
                name = unquote(name);
            }
            display = name.isEmpty() ? Optional.empty() : Optional.of(name);
            int gt = s.indexOf('>', lt);
            if (gt < 0) {
                throw new IllegalArgumentException("missing '>'");
            }
            uri = s.substring(lt + 1, gt).strip();
            rest = s.substring(gt + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith(";")) {
                throw new IllegalArgumentException("text after '>' is not a parameter");
            }
        } else {
            int semi = s.indexOf(';');
            uri = semi < 0 ? s : s.substring(0, semi).strip();
            rest = semi < 0 ? "" : s.substring(semi);
            if (uri.indexOf('?') >= 0 || uri.indexOf(',') >= 0 || uri.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("URI with '?', ',' or space must be inside <>");
            }
        }
        if (uri.isEmpty() || uri.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("empty URI or whitespace inside the URI");
        }
        return new NameAddr(display, uri, parseParams(rest));
    }

    /** Splits a header value at commas that are outside quotes and angle brackets. */
    public static List<String> splitElements(String headerValue) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        boolean angled = false;
        int start = 0;
        for (int i = 0; i < headerValue.length(); i++) {
            char c = headerValue.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angled = true;
            } else if (c == '>') {
                angled = false;
            } else if (c == ',' && !angled) {
                out.add(headerValue.substring(start, i));
                start = i + 1;
            }
        }
        if (quoted || angled) {
            throw new IllegalArgumentException("unbalanced quotes or angle brackets");
        }
        out.add(headerValue.substring(start));
        return out;
    }

    private static Map<String, String> parseParams(String rest) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rest.isEmpty()) {
            return params;
        }
        for (String p : rest.substring(1).split(";", -1)) {
            String param = p.strip();
            if (param.isEmpty()) {
                throw new IllegalArgumentException("empty header parameter");
            }
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : param.substring(eq + 1).strip();
            if (name.isEmpty() || params.containsKey(name)) {
                throw new IllegalArgumentException("empty or repeated header parameter '" + name + "'");
            }
            params.put(name, value.startsWith("\"") ? unquote(value) : value);
        }
        return params;
    }

    private static int indexOutsideQuotes(String s, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String quoted) {
        StringBuilder sb = new StringBuilder(quoted.length());
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length() - 1) {
                c = quoted.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
