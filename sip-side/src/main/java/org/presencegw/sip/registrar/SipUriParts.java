package org.presencegw.sip.registrar;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.presencegw.sip.api.SipAddress;

/**
 * The components of a sip or sips URI that RFC 3261 section 19.1.4 compares: scheme, user and password
 * (unescaped, case-sensitive), host (case-insensitive), port, URI parameters and headers (names case-insensitive).
 */
record SipUriParts(String scheme, Optional<String> userinfo, String host, OptionalInt port,
                   Map<String, String> params, Map<String, String> headers) {

    /** RFC 3261 19.1.4: these parameters, when present in one URI, must be present in both and match. */
    private static final Set<String> STRICT_PARAMS = Set.of("user", "ttl", "method", "maddr", "transport");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]");

    static Optional<SipUriParts> parse(String text) {
        try {
            return Optional.of(parseOrThrow(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static SipUriParts parseOrThrow(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || !ContactUri.isSip(text.substring(0, colon))) {
            throw new IllegalArgumentException("not sip/sips");
        }
        String scheme = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        Map<String, String> headers = new TreeMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String h : rest.substring(question + 1).split("&", -1)) {
                int eq = h.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad URI header");
                }
                headers.put(SipAddress.percentDecode(h.substring(0, eq)).toLowerCase(Locale.ROOT),
                        SipAddress.percentDecode(h.substring(eq + 1)));
            }
            rest = rest.substring(0, question);
        }
        Optional<String> userinfo = Optional.empty();
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userinfo = Optional.of(SipAddress.percentDecode(rest.substring(0, at)));
            rest = rest.substring(at + 1);
        }
        Map<String, String> params = new TreeMap<>();
        int semi = rest.indexOf(';');
        if (semi >= 0) {
            for (String p : rest.substring(semi + 1).split(";", -1)) {
                int eq = p.indexOf('=');
                String name = SipAddress.percentDecode(eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty URI parameter");
                }
                params.put(name, eq < 0 ? "" : SipAddress.percentDecode(p.substring(eq + 1)).toLowerCase(Locale.ROOT));
            }
            rest = rest.substring(0, semi);
        }
        String host = rest;
        OptionalInt port = OptionalInt.empty();
        int portColon = host.startsWith("[") ? host.indexOf(':', Math.max(host.indexOf(']'), 0)) : host.indexOf(':');
        if (portColon >= 0) {
            String digits = host.substring(portColon + 1);
            if (!PORT.matcher(digits).matches() || Integer.parseInt(digits) > 65535) {
                throw new IllegalArgumentException("bad port");
            }
            port = OptionalInt.of(Integer.parseInt(digits));
            host = host.substring(0, portColon);
        }
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("bad host");
        }
        return new SipUriParts(scheme, userinfo, host.toLowerCase(Locale.ROOT), port, params, headers);
    }

    /** RFC 3261 section 19.1.4 equivalence. */
    boolean equivalentTo(SipUriParts o) {
        if (!scheme.equals(o.scheme) || !userinfo.equals(o.userinfo) || !host.equals(o.host) || !port.equals(o.port)
                || !headers.equals(o.headers)) {
            return false;
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            String theirs = o.params.get(p.getKey());
            if (theirs == null ? STRICT_PARAMS.contains(p.getKey()) : !theirs.equals(p.getValue())) {
                return false;
            }
        }
        return o.params.keySet().stream().noneMatch(k -> STRICT_PARAMS.contains(k) && !params.containsKey(k));
    }

    /** A canonical text: case-folded where 19.1.4 folds, parameters and headers sorted. */
    String canonical() {
        return scheme + ":" + userinfo.map(u -> u + "@").orElse("") + host
                + (port.isPresent() ? ":" + port.getAsInt() : "") + params + headers;
    }
}
