package org.presencegw.sip.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SIP or SIPS address of record as the presence server sees it: scheme, user (percent-decoded, case kept),
 * host (lower case) and the optional {@code gr} parameter (RFC 7247 section 6.3). Port and other URI parameters
 * are not part of an address of record's identity here.
 *
 * <p>This class is immutable and thread-safe.
 */
public record SipAddress(String scheme, String user, String host, Optional<String> gr) {

    /** A host name or IPv4 literal, or a bracketed IPv6 literal (compiled once: parse runs per SUBSCRIBE). */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** Slots of {@link #withSharedUser}'s cache: a power of two. */
    static final int SHARED_SLOTS = 8192;
    private static final SipAddress[] SHARED = new SipAddress[SHARED_SLOTS];

    /** Characters that may stand unescaped in a SIP user part (RFC 3261 25.1: unreserved / user-unreserved). */
    private static final String USER_SAFE = "-_.!~*'()&=+$,;?/";

    public SipAddress {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(gr, "gr");
        // Scheme and host repeat across many subscriptions: one shared copy each.
        scheme = SharedStrings.of(scheme.toLowerCase(Locale.ROOT));
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new IllegalArgumentException("not a sip: or sips: URI scheme: " + scheme);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        host = SharedStrings.of(host.toLowerCase(Locale.ROOT));
    }

    public static SipAddress of(String user, String host) {
        return new SipAddress("sip", user, host, Optional.empty());
    }

    /**
     * Parses {@code sip:user@host[:port][;params]} (optionally inside {@code <...>}). The user part is
     * percent-decoded as UTF-8.
     *
     * @throws IllegalArgumentException with a short reason when the text is not such a URI
     */
    public static SipAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1);
        }
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("no URI scheme in '" + text + "'");
        }
        String scheme = s.substring(0, colon);
        if (!scheme.equalsIgnoreCase("sip") && !scheme.equalsIgnoreCase("sips")) {
            throw new IllegalArgumentException("scheme must be sip or sips in '" + text + "'");
        }
        String rest = s.substring(colon + 1);
        int headers = rest.indexOf('?');
        if (headers >= 0) {
            rest = rest.substring(0, headers);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("no user@host in '" + text + "'");
        }
        String rawUser = rest.substring(0, at);
        String hostPart = rest.substring(at + 1);
        Optional<String> gr = Optional.empty();
        int semi = hostPart.indexOf(';');
        if (semi >= 0) {
            for (String param : hostPart.substring(semi + 1).split(";")) {
                int eq = param.indexOf('=');
                String name = eq < 0 ? param : param.substring(0, eq);
                if (name.equalsIgnoreCase("gr") && eq >= 0) {
                    gr = Optional.of(percentDecode(param.substring(eq + 1)));
                }
            }
            hostPart = hostPart.substring(0, semi);
        }
        String host = stripPort(hostPart);
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("bad host in '" + text + "'");
        }
        if (rawUser.isEmpty()) {
            throw new IllegalArgumentException("empty user in '" + text + "'");
        }
        return new SipAddress(scheme, percentDecode(rawUser), host, gr);
    }

    private static String stripPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? "" : hostPort.substring(0, end + 1);
        }
        int colon = hostPort.indexOf(':');
        if (colon < 0) {
            return hostPort;
        }
        String port = hostPort.substring(colon + 1);
        if (!PORT.matcher(port).matches()) {
            return "";
        }
        return hostPort.substring(0, colon);
    }

    /** Percent-decodes as UTF-8 bytes; a malformed escape is an {@link IllegalArgumentException}. */
    public static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated %-escape in '" + s + "'");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad %-escape in '" + s + "'");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes a user part: unreserved and user-unreserved stay, everything else is %HH of UTF-8. */
    public static String percentEncodeUser(String user) {
        StringBuilder sb = new StringBuilder(user.length() + 8);
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && USER_SAFE.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** The address of record without {@code gr}, e.g. {@code sip:bob@jabber.example.com}. */
    public SipAddress withoutGr() {
        return gr.isEmpty() ? this : new SipAddress(scheme, user, host, Optional.empty());
    }

    /**
     * An equal address with its user part's shared copy ({@link SharedStrings}), for an address that many long-lived
     * objects hold (a presentity with many watchers): they then share one copy of it, and, when it was asked for
     * lately, the address itself (one object less per subscription for the young collector, bench/FINDINGS.md
     * "Session 36"). Lossy and bounded like {@link SharedStrings}: {@value #SHARED_SLOTS} slots, one per hash, the
     * last address wins; an address is immutable and safely published, so a racing reader gets an equal one.
     */
    public SipAddress withSharedUser() {
        if (user.length() > SharedStrings.MAX_LENGTH) {
            return new SipAddress(scheme, SharedStrings.of(user), host, gr);
        }
        int h = user.hashCode() * 31 + host.hashCode();
        int slot = (h ^ (h >>> 13)) & (SHARED_SLOTS - 1);
        SipAddress seen = SHARED[slot];
        if (equals(seen)) {
            return seen;
        }
        SipAddress made = new SipAddress(scheme, SharedStrings.of(user), host, gr);
        SHARED[slot] = made;
        return made;
    }

    /** The URI text, user percent-encoded, e.g. {@code sip:tsch%C3%BCss@jabber.example;gr=desk}. */
    public String uri() {
        String base = scheme + ":" + percentEncodeUser(user) + "@" + host;
        return gr.map(g -> base + ";gr=" + percentEncodeUser(g)).orElse(base);
    }

    /**
     * Written out, as {@link ViewKey}'s is: the record's own goes through method handles, and an address keys the
     * count of subscriptions per watcher and is compared with a watched presentity's on every SUBSCRIBE.
     */
    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SipAddress other && user.equals(other.user) && host.equals(other.host)
                && scheme.equals(other.scheme) && gr.equals(other.gr));
    }

    @Override
    public int hashCode() {
        return ((scheme.hashCode() * 31 + user.hashCode()) * 31 + host.hashCode()) * 31 + gr.hashCode();
    }

    @Override
    public String toString() {
        return uri();
    }
}
