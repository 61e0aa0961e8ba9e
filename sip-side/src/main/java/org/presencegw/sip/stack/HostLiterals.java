package org.presencegw.sip.stack;

import java.net.InetAddress;

/** IP literals as SIP writes them: an IPv6 reference in brackets (RFC 3261 25.1, RFC 5118). */
public final class HostLiterals {

    private HostLiterals() {
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (brackets allowed), so no DNS lookup is needed. */
    public static boolean isLiteral(String host) {
        String h = unbracket(host);
        return h.indexOf(':') >= 0 || isDottedQuad(h);
    }

    /**
     * Four groups of 1 to 3 ASCII digits separated by dots (the regular expression {@code \d{1,3}(\.\d{1,3}){3}});
     * written out because every NOTIFY over UDP asks it of its flow's address, and the regular expression's matcher
     * was 1 % of the gateway's CPU at 8000 SUBSCRIBE/s (bench/FINDINGS.md, "Session 36").
     */
    static boolean isDottedQuad(String h) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    /** {@code [::1]} for an IPv6 literal, the text itself otherwise. */
    public static String forUri(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    public static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address's text without scope; an IPv6 address in its short form ({@code ::1}, RFC 5952). */
    public static String text(InetAddress address) {
        String t = address.getHostAddress();
        int percent = t.indexOf('%');
        t = percent < 0 ? t : t.substring(0, percent);
        return t.indexOf(':') < 0 ? t : compress(t);
    }

    /** RFC 5952 4.2: the longest run (two or more) of zero groups becomes {@code ::}; leading zeros go. */
    static String compress(String full) {
        String[] groups = full.split(":", -1);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; i++) {
            int j = i;
            while (j < groups.length && groups[j].matches("0+")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            out.append(groups[i].replaceFirst("^0+(?=.)", ""));
            if (i < groups.length - 1) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
