package org.presencegw.sip.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code scheme name=value, name="quoted, value", ...} (RFC 3261 section 25.1 credentials, RFC 7235 section
 * 2.1 auth-param): parameter names case-insensitive, quoted strings with backslash escapes, commas inside quotes
 * kept, repeated parameters refused.
 */
final class AuthParamsParser {

    /** Far above any honest Authorization header; refuses absurd input before any work. */
    static final int MAX_LENGTH = 8192;

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private final String s;
    private int pos;

    private AuthParamsParser(String s) {
        this.s = s;
    }

    /** The parsed header: scheme (as sent) and parameters (names lower case). */
    record AuthParams(String scheme, Map<String, String> params) {
        AuthParams {
            params = Map.copyOf(params);
        }
    }

    static AuthParams parse(String headerValue) throws MalformedCredentialsException {
        if (headerValue.length() > MAX_LENGTH) {
            throw new MalformedCredentialsException("Authorization header too long");
        }
        return new AuthParamsParser(headerValue).read();
    }

    private AuthParams read() throws MalformedCredentialsException {
        skipWhitespace();
        String scheme = token();
        if (scheme.isEmpty()) {
            throw new MalformedCredentialsException("no authentication scheme");
        }
        Map<String, String> params = new LinkedHashMap<>();
        boolean first = true;
        while (true) {
            skipWhitespace();
            if (pos == s.length()) {
                break;
            }
            if (!first) {
                expect(',');
                skipWhitespace();
            }
            first = false;
            String name = token().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new MalformedCredentialsException("expected a parameter name at offset " + pos);
            }
            skipWhitespace();
            expect('=');
            skipWhitespace();
            String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : token();
            if (params.put(name, value) != null) {
                throw new MalformedCredentialsException("parameter '" + name + "' repeated");
            }
        }
        return new AuthParams(scheme, params);
    }

    private String token() {
        int start = pos;
        while (pos < s.length() && isTokenChar(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private String quoted() throws MalformedCredentialsException {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos == s.length()) {
                    break;
                }
                c = s.charAt(pos++);
            }
            if (c < ' ' && c != '\t') {
                throw new MalformedCredentialsException("control character in quoted string");
            }
            sb.append(c);
        }
        throw new MalformedCredentialsException("unterminated quoted string");
    }

    private void expect(char c) throws MalformedCredentialsException {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw new MalformedCredentialsException("expected '" + c + "' at offset " + pos);
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\r'
                || s.charAt(pos) == '\n')) {
            pos++;
        }
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || TOKEN_CHARS.indexOf(c) >= 0;
    }
}
