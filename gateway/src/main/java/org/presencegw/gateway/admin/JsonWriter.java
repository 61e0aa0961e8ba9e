package org.presencegw.gateway.admin;

/**
 * A small streaming JSON writer (RFC 8259) for the admin API: objects, arrays, strings, numbers, booleans and null,
 * with commas placed for the caller. Strings are escaped completely: quote, backslash, every control character, the
 * JavaScript line terminators U+2028/U+2029, {@code <} and {@code >} (harmless inside a script), and lone
 * surrogates (as {@code \\uXXXX}, so the output is always valid UTF-8). Not thread-safe.
 */
final class JsonWriter {
    private static final int MAX_DEPTH = 32;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean[] first = new boolean[MAX_DEPTH + 1];
    private int depth;
    private boolean afterName;

    JsonWriter beginObject() {
        return open('{');
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[');
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        separate();
        quote(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** A string, or null. */
    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(out, value);
        }
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    /** {@code "name": value} for a string (or null). */
    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        out.append(bracket);
        first[++depth] = true;
        return this;
    }

    private JsonWriter close(char bracket) {
        if (depth == 0) {
            throw new IllegalStateException("nothing open to close with " + bracket);
        }
        out.append(bracket);
        depth--;
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (!first[depth]) {
                out.append(',');
            }
            first[depth] = false;
        }
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == 0x2028 || c == 0x2029 || c == 0x7f
                            || lone(s, i, c)) {
                        unicode(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** A surrogate that is not part of a pair. */
    private static boolean lone(String s, int i, char c) {
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static void unicode(StringBuilder sb, char c) {
        sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
