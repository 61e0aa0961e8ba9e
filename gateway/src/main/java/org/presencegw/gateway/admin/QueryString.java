package org.presencegw.gateway.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code a=1&b=x%20y} (application/x-www-form-urlencoded); the first of repeated keys wins. */
final class QueryString {
    static final int MAX_PARAMETERS = 16;

    private QueryString() {
    }

    static Map<String, String> parse(String raw) throws Page.BadRequest {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        String[] pairs = raw.split("&", MAX_PARAMETERS + 1);
        if (pairs.length > MAX_PARAMETERS) {
            throw new Page.BadRequest("too many query parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw new Page.BadRequest("malformed query string");
            }
        }
        return out;
    }
}
